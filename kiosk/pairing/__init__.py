"""A new mirror joins the store broker by a pairing code shown on its screen (docs/back-office.md).

``codes``: the store's pending pairings (hashed codes, device secrets, expiry, single use);
``broker_files``: the mosquitto password file line and ACL block of a mirror, and the reload;
``client``: the mirror's side (ask for a code, poll, write the password file).
"""
