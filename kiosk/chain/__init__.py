"""A chain of stores on a NATS JetStream cluster (docs/chain.md)."""
