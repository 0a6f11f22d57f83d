"""Benchmark and fault run of a chain: a 3-node NATS JetStream cluster on loopback, N real
mosquitto store brokers bridged to it (through cuttable WAN links), more stores simulated
as direct clients, simulated mirrors sending events through their outboxes, head office
collecting into PostgreSQL and publishing a catalogue to every store.

    python -m bench.chain [--stores 5] [--mirrors 2] [--direct 0] [--events 20] [--cut-s 60]
                          [--no-faults]

Faults during the run (unless --no-faults): one cluster node killed (SIGKILL), store s1's
WAN cut for --cut-s seconds, store s2's broker restarted, the node restarted.
Prints progress on stderr, then one JSON object as the LAST line, keys: engine, nodes,
stores, mirrors, events_sent, events_lost, events_duplicated_after_dedupe, events_per_s,
catalogue_to_all_stores_s_p99.  Goal: lost 0 and duplicated 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import tempfile
import time
from pathlib import Path

from kiosk.catalogue.loader import load_text
from kiosk.chain.headoffice import publish_catalogues
from tests.support.catalogue import native_csv_text
from tests.support.chain import ChainRig, chain_rig, wait_until
from tests.support.cluster import NODES
from tests.support.postgres import running_postgres

DRAIN_TIMEOUT_S = 300.0


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def send_round(rig: ChainRig, per_mirror: int) -> None:
    for store in rig.stores.values():
        for mirror in store.mirrors:
            for _ in range(per_mirror):
                mirror.send_event()


def fan_out(rig: ChainRig) -> list[float]:
    """Seconds from publishing to the last mirror of each store running it, per store."""
    catalogue = load_text(native_csv_text(200), "bench.csv")
    started = time.monotonic()
    versions = publish_catalogues(rig.head_office, list(rig.stores), lambda store: catalogue, 120,
                                  read_back=rig.read_back)
    version = next(iter(versions.values()))

    def everyone() -> bool:
        return all(version in m.catalogue_times for s in rig.stores.values() for m in s.mirrors)
    wait_until(everyone, DRAIN_TIMEOUT_S, 0.2)
    return [max(m.catalogue_times.get(version, float("inf")) for m in s.mirrors) - started
            for s in rig.stores.values()]


def faults(rig: ChainRig, per_mirror: int, cut_s: float) -> None:
    real = [s for s in rig.stores.values() if s.broker is not None]
    say("fault: cluster node 2 killed (SIGKILL)")
    rig.cluster.kill(1)
    send_round(rig, per_mirror)
    if real:
        say(f"fault: WAN of {real[0].name} cut for {cut_s:g} s")
        real[0].cut()
        deadline = time.monotonic() + cut_s
        while time.monotonic() < deadline:
            send_round(rig, 1)
            time.sleep(min(5.0, max(0.0, deadline - time.monotonic())))
        real[0].restore()
    if len(real) > 1:
        say(f"fault: store broker of {real[1].name} restarted")
        real[1].broker.restart()
    send_round(rig, per_mirror)
    say("fault: node 2 back")
    rig.cluster.start_node(1)


def run(args: argparse.Namespace) -> dict:
    with contextlib.ExitStack() as stack:
        tmp = args.folder or stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-chain-"))
        return _run(args, Path(tmp))


def _run(args: argparse.Namespace, folder: Path) -> dict:
    with running_postgres() as url, \
            chain_rig(folder, stores=args.stores, mirrors=args.mirrors, database_url=url,
                      direct=args.direct) as rig:
        mirrors = sum(len(s.mirrors) for s in rig.stores.values())
        wait_until(lambda: all(m.raw.connected for s in rig.stores.values() for m in s.mirrors), 120, 0.5)
        say(f"{len(rig.stores)} stores, {mirrors} mirrors connected")
        started = time.monotonic()
        send_round(rig, args.events)
        missing = rig.wait_all_stored(DRAIN_TIMEOUT_S)
        steady_s = time.monotonic() - started
        steady = args.events * mirrors - len(missing)
        say(f"steady: {steady} events in {steady_s:.1f} s")
        fan = fan_out(rig)
        say(f"catalogue to all stores: p99 {percentile(fan, 99):.2f} s")
        if not args.no_faults:
            faults(rig, args.events, args.cut_s)
        restarted: list[str] = []

        def drained_or_watch() -> bool:
            # The store-side watchdog of docs/chain.md: a frozen store broker is restarted.
            if args.watchdog:
                for name in rig.restart_frozen_brokers():
                    say(f"watchdog: store broker of {name} frozen (100 % CPU, silent): restarted")
                    restarted.append(name)
            return not rig.missing()
        wait_until(drained_or_watch, args.drain_s, 2.0)
        missing = rig.missing()
        if missing:
            say(f"missing by layer: {json.dumps(rig.locate(missing))}")
            say(f"collector: {json.dumps(rig.collector.stats)}")
        rig.wait_relays_drained(60)
        sent = rig.sent()
        stored = rig.database.query("SELECT COUNT(*) - COUNT(DISTINCT id) FROM chain_events")[0][0]
        return {"engine": "nats-server 2.9 JetStream (MQTT 3.1.1), mosquitto 2.0 bridges",
                "nodes": NODES, "stores": len(rig.stores), "mirrors": mirrors,
                "events_sent": len(sent), "events_lost": len(missing),
                "events_duplicated_after_dedupe": stored,
                "events_per_s": round(steady / steady_s, 1),
                "catalogue_to_all_stores_s_p99": round(percentile(fan, 99), 2),
                "store_brokers_restarted_by_watchdog": restarted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stores", type=int, default=5, help="real mosquitto stores (>= 2 for all faults)")
    parser.add_argument("--mirrors", type=int, default=2, help="mirrors per real store")
    parser.add_argument("--direct", type=int, default=0, help="stores simulated as direct clients")
    parser.add_argument("--events", type=int, default=20, help="events per mirror per round")
    parser.add_argument("--cut-s", type=float, default=60.0)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--watchdog", action="store_true",
                        help="restart a store broker found frozen (docs/chain.md, Known limits)")
    parser.add_argument("--folder", help="keep brokers', nodes' and relays' files here (default: a temp dir)")
    parser.add_argument("--drain-s", type=float, default=DRAIN_TIMEOUT_S,
                        help="how long to wait after the faults for every event to arrive")
    # `timeout` or Ctrl+C: unwind, so the cluster, brokers and database started here stop too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = run(parser.parse_args(argv))
    print(json.dumps(result))
    return 0 if result["events_lost"] == 0 and result["events_duplicated_after_dedupe"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
