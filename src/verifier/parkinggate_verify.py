#!/usr/bin/env python3
"""Independent verifier for a ParkingGate revenue ledger (Python 3 standard library only).

It re-checks, from the SQLite file or from the CSV export, everything the committee relies on:
sequence without gaps, every hash recomputed from the data, every link, time order, receipt numbers
without gaps, channel references used once, reversal and refund targets, and each digest line written
down earlier (head hash, count, sums by channel, receipt range). The canonical form is the one in the
README ("The revenue ledger"); this script does not share any code with ParkingGate.

Usage:
  python3 parkinggate_verify.py --estate fenglin-anzhi --db data/parkinggate.db [--digest LINE]... [--digests FILE]
  python3 parkinggate_verify.py --estate fenglin-anzhi --csv ledger.csv --digest "PGD1 estate=..."

Prints "OK: ..." and exits 0, or "FAILED at entry N: ..." (or "FAILED at digest: ...") and exits 1.
"""
import argparse
import csv
import hashlib
import sqlite3
import sys

COLUMNS = ["seq", "at_utc", "kind", "plate", "stay_id", "amount_fen", "channel", "channel_ref", "receipt_no",
           "operator", "tariff_id", "tariff_hash", "reverses_seq", "reason", "detail", "prev_hash", "hash"]
CHANNELS = ["cash", "wechat", "alipay", "other"]
RECEIPT_KINDS = {"visitor-fee", "pass-sale", "refund", "reversal"}
KINDS = {"visitor-fee", "pass-sale", "refund", "reversal", "cash-deposit", "free-exit", "manual-opening",
         "shift-open", "shift-close", "digest", "hold-start", "hold-end"}
TAG = "parkinggate-ledger-v1"


def netstring(value):
    data = ("" if value is None else str(value)).encode("utf-8")
    return str(len(data)).encode("ascii") + b":" + data + b","


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def genesis(estate):
    return sha256_hex(netstring(TAG) + netstring("genesis") + netstring(estate))


def entry_hash(e):
    fields = [TAG] + [e[c] for c in COLUMNS[:-1]]  # every column but the hash itself, prev_hash last
    return sha256_hex(b"".join(netstring(f) for f in fields))


def rows_from_db(path):
    con = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
    try:
        for row in con.execute("SELECT " + ", ".join(COLUMNS) + " FROM ledger ORDER BY seq"):
            yield dict(zip(COLUMNS, row))
    finally:
        con.close()


def rows_from_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != COLUMNS:
            raise ValueError("the file does not start with the ledger header")
        for cells in reader:
            e = {c: (v if v != "" else None) for c, v in zip(COLUMNS, cells)}
            for c in ("seq", "stay_id", "amount_fen", "receipt_no", "reverses_seq"):
                if e[c] is not None:
                    e[c] = int(e[c])
            yield e


def yuan_to_fen(text):
    negative = text.startswith("-")
    whole, cents = (text[1:] if negative else text).split(".")
    fen = int(whole) * 100 + int(cents)
    return -fen if negative else fen


def fen_to_yuan(fen):
    sign = "-" if fen < 0 else ""
    return "%s%d.%02d" % (sign, abs(fen) // 100, abs(fen) % 100)


def parse_digest(line):
    tokens = line.split()
    if not tokens or tokens[0] != "PGD1":
        raise ValueError("a digest line starts with PGD1")
    fields = dict(t.split("=", 1) for t in tokens[1:])
    receipts = None if fields["receipts"] == "none" else tuple(int(x) for x in fields["receipts"].split("-"))
    return {
        "estate": fields["estate"], "period": fields["period"], "last": int(fields["last"]),
        "count": int(fields["count"]), "head": fields["head"].lower(),
        "sums": {c: yuan_to_fen(fields[c]) for c in CHANNELS}, "receipts": receipts,
    }


class Failure(Exception):
    def __init__(self, seq, message):
        super().__init__(message)
        self.seq = seq


def verify(estate, rows, digests):
    prev_seq, prev_hash, prev_at = 0, genesis(estate), ""
    next_receipt = 1
    refs, reversed_seqs, amounts, kinds = set(), set(), {}, {}
    hashes = {0: prev_hash}
    for e in rows:
        seq = e["seq"]
        if seq != prev_seq + 1:
            raise Failure(seq, "sequence %d follows %d: entries missing, repeated or out of order" % (seq, prev_seq))
        if e["prev_hash"] != prev_hash:
            raise Failure(seq, "prev_hash does not match the entry before (or entry 1 is not this estate's genesis)")
        if entry_hash(e) != e["hash"]:
            raise Failure(seq, "the hash recomputed from the entry's data differs from the stored hash")
        if e["at_utc"] < prev_at:
            raise Failure(seq, "time %s is earlier than the entry before (%s)" % (e["at_utc"], prev_at))
        kind, amount = e["kind"], e["amount_fen"]
        if kind not in KINDS:
            raise Failure(seq, "unknown kind %r" % kind)
        if kind in ("reversal", "refund"):
            target = e["reverses_seq"]
            if target is None or target < 1 or target >= seq:
                raise Failure(seq, "%s must point at an earlier entry" % kind)
            if kind == "reversal":
                if kinds[target] == "reversal":
                    raise Failure(seq, "reversal of a reversal")
                if amount != -amounts[target]:
                    raise Failure(seq, "reversal amount is not the negative of entry %d" % target)
                if target in reversed_seqs:
                    raise Failure(seq, "entry %d reversed twice" % target)
                reversed_seqs.add(target)
            elif amount >= 0:
                raise Failure(seq, "a refund must be negative")
        if kind in ("visitor-fee", "pass-sale") and amount < 0:
            raise Failure(seq, "a %s cannot be negative" % kind)
        if kind in ("visitor-fee", "pass-sale", "refund", "cash-deposit") and e["channel"] not in CHANNELS:
            raise Failure(seq, "a %s needs a payment channel" % kind)
        if kind in ("free-exit", "manual-opening", "shift-open", "shift-close", "digest", "hold-start", "hold-end") and amount != 0:
            raise Failure(seq, "a %s moves no money" % kind)
        if kind in RECEIPT_KINDS:
            if e["receipt_no"] != next_receipt:
                raise Failure(seq, "receipt %s where %d was due" % (e["receipt_no"], next_receipt))
            next_receipt += 1
        elif e["receipt_no"] is not None:
            raise Failure(seq, "a %s carries a receipt number" % kind)
        if e["channel_ref"] is not None:
            key = (e["channel"] or "", e["channel_ref"])
            if key in refs:
                raise Failure(seq, "%s reference %s appears a second time" % key)
            refs.add(key)
        amounts[seq], kinds[seq] = amount, kind
        hashes[seq] = e["hash"]
        for d in digests:
            if d["last"] - d["count"] < seq <= d["last"]:
                acc = d.setdefault("_acc", {"count": 0, "sums": {c: 0 for c in CHANNELS}, "receipts": []})
                acc["count"] += 1
                if e["channel"] is not None:
                    channel = e["channel"] if e["channel"] in CHANNELS else "other"
                    acc["sums"][channel] += amount
                if e["receipt_no"] is not None:
                    acc["receipts"].append(e["receipt_no"])
        prev_seq, prev_hash, prev_at = seq, e["hash"], e["at_utc"]

    for d in digests:
        label = "digest %s (last=%d)" % (d["period"], d["last"])
        if d["estate"] != estate:
            raise Failure(None, "%s belongs to estate %s" % (label, d["estate"]))
        if d["last"] > prev_seq:
            raise Failure(None, "%s: the ledger ends at entry %d: truncated" % (label, prev_seq))
        if hashes[d["last"]] != d["head"]:
            raise Failure(d["last"], "%s: head hash differs: the ledger was rewritten" % label)
        acc = d.get("_acc", {"count": 0, "sums": {c: 0 for c in CHANNELS}, "receipts": []})
        if acc["count"] != d["count"]:
            raise Failure(d["last"], "%s: count differs" % label)
        for c in CHANNELS:
            if acc["sums"][c] != d["sums"][c]:
                raise Failure(d["last"], "%s: %s sums to %s, digest says %s" % (label, c, fen_to_yuan(acc["sums"][c]), fen_to_yuan(d["sums"][c])))
        receipts = (acc["receipts"][0], acc["receipts"][-1]) if acc["receipts"] else None
        if receipts != d["receipts"]:
            raise Failure(d["last"], "%s: receipt range differs" % label)
    return prev_seq, prev_hash


def main(argv):
    parser = argparse.ArgumentParser(description="Verify a ParkingGate revenue ledger.")
    parser.add_argument("--estate", required=True, help="estate id the chain starts from")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", help="the SQLite database file")
    source.add_argument("--csv", help="a CSV export (parkinggate ledger export)")
    parser.add_argument("--digest", action="append", default=[], help="a digest line (repeatable)")
    parser.add_argument("--digests", help="a file with one digest line per line")
    args = parser.parse_args(argv)
    lines = list(args.digest)
    if args.digests:
        with open(args.digests, encoding="utf-8") as f:
            lines += [l for l in f.read().splitlines() if l.strip() and not l.lstrip().startswith("#")]
    try:
        digests = [parse_digest(l) for l in lines]
    except (ValueError, KeyError) as err:
        print("bad digest line: %s" % err, file=sys.stderr)
        return 2
    try:
        rows = rows_from_db(args.db) if args.db else rows_from_csv(args.csv)
        count, head = verify(args.estate, rows, digests)
    except Failure as failure:
        where = "entry %d" % failure.seq if failure.seq is not None else "digest"
        print("FAILED at %s: %s" % (where, failure))
        return 1
    except (ValueError, KeyError, sqlite3.Error) as err:
        print("FAILED: the ledger cannot be read: %s" % err)
        return 1
    print("OK: %d entries, head %d %s; %d digest(s) match" % (count, count, head, len(digests)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
