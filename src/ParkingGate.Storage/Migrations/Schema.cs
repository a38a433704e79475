namespace ParkingGate.Storage.Migrations;

/// <summary>The schema, one migration per version. Never edit a published migration: add the next one.</summary>
internal static partial class Schema
{
    /// <summary>
    /// Version 1: the household registry. History is never hard-deleted: removal sets an end time, and
    /// triggers refuse DELETE on every registry table and any change to the audit log.
    /// </summary>
    public static Migration V1Registry { get; } = new(1, "registry", """
        CREATE TABLE schema_migrations (
            version      INTEGER PRIMARY KEY,
            name         TEXT NOT NULL,
            applied_utc  TEXT NOT NULL
        );

        CREATE TABLE households (
            id             INTEGER PRIMARY KEY,
            room           TEXT NOT NULL,
            contact_name   TEXT NOT NULL,
            phone          TEXT NOT NULL,
            vehicle_quota  INTEGER NOT NULL CHECK (vehicle_quota >= 0),
            created_utc    TEXT NOT NULL,
            created_by     TEXT NOT NULL,
            ended_utc      TEXT NULL,
            ended_by       TEXT NULL
        );
        CREATE UNIQUE INDEX ux_households_room_current ON households (room) WHERE ended_utc IS NULL;

        CREATE TABLE vehicles (
            id              INTEGER PRIMARY KEY,
            plate           TEXT NOT NULL,
            is_standard     INTEGER NOT NULL CHECK (is_standard IN (0, 1)),
            vehicle_class   TEXT NOT NULL CHECK (vehicle_class IN ('small', 'large', 'new-energy')),
            household_id    INTEGER NOT NULL REFERENCES households (id),
            added_utc       TEXT NOT NULL,
            added_by        TEXT NOT NULL,
            removed_utc     TEXT NULL,
            removed_by      TEXT NULL,
            removed_reason  TEXT NULL
        );
        CREATE UNIQUE INDEX ux_vehicles_plate_current ON vehicles (plate) WHERE removed_utc IS NULL;
        CREATE INDEX ix_vehicles_household ON vehicles (household_id);

        CREATE TABLE passes (
            id                INTEGER PRIMARY KEY,
            plate             TEXT NOT NULL,
            household_id      INTEGER NULL REFERENCES households (id),
            starts_utc        TEXT NOT NULL,
            ends_utc          TEXT NOT NULL,
            grace_days        INTEGER NOT NULL CHECK (grace_days >= 0),
            amount_fen        INTEGER NOT NULL CHECK (amount_fen >= 0),
            sold_utc          TEXT NOT NULL,
            sold_by           TEXT NOT NULL,
            cancelled_utc     TEXT NULL,
            cancelled_by      TEXT NULL,
            cancelled_reason  TEXT NULL,
            CHECK (ends_utc > starts_utc)
        );
        CREATE INDEX ix_passes_plate ON passes (plate, ends_utc);

        CREATE TABLE blocklist (
            id              INTEGER PRIMARY KEY,
            plate           TEXT NOT NULL,
            reason          TEXT NOT NULL,
            added_utc       TEXT NOT NULL,
            added_by        TEXT NOT NULL,
            removed_utc     TEXT NULL,
            removed_by      TEXT NULL,
            removed_reason  TEXT NULL
        );
        CREATE UNIQUE INDEX ux_blocklist_plate_current ON blocklist (plate) WHERE removed_utc IS NULL;

        CREATE TABLE audit_log (
            id           INTEGER PRIMARY KEY,
            at_utc       TEXT NOT NULL,
            actor        TEXT NOT NULL,
            action       TEXT NOT NULL,
            entity       TEXT NOT NULL,
            entity_id    INTEGER NULL,
            before_json  TEXT NULL,
            after_json   TEXT NULL
        );
        CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id);

        CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER households_keep_history BEFORE DELETE ON households
            BEGIN SELECT RAISE(ABORT, 'households are never deleted: set ended_utc'); END;
        CREATE TRIGGER vehicles_keep_history BEFORE DELETE ON vehicles
            BEGIN SELECT RAISE(ABORT, 'vehicles are never deleted: set removed_utc'); END;
        CREATE TRIGGER passes_keep_history BEFORE DELETE ON passes
            BEGIN SELECT RAISE(ABORT, 'passes are never deleted: set cancelled_utc'); END;
        CREATE TRIGGER blocklist_keep_history BEFORE DELETE ON blocklist
            BEGIN SELECT RAISE(ABORT, 'blocklist entries are never deleted: set removed_utc'); END;
        """);

    /// <summary>
    /// Version 2: the revenue ledger (append-only, hash-chained; UPDATE and DELETE refused) and stays.
    /// Every index costs a page write per durable commit, so the ledger has only two: channel references (unique,
    /// to refuse a replayed payment) and stays. Receipt numbers and time ranges are found through the sequence,
    /// because both only ever grow with it; the verifier checks that they do.
    /// </summary>
    public static Migration V2LedgerAndStays { get; } = new(2, "ledger and stays", """
        CREATE TABLE ledger (
            seq           INTEGER PRIMARY KEY,
            at_utc        TEXT NOT NULL,
            kind          TEXT NOT NULL,
            plate         TEXT NULL,
            stay_id       INTEGER NULL,
            amount_fen    INTEGER NOT NULL,
            channel       TEXT NULL,
            channel_ref   TEXT NULL,
            receipt_no    INTEGER NULL,
            operator      TEXT NOT NULL,
            tariff_id     TEXT NULL,
            tariff_hash   TEXT NULL,
            reverses_seq  INTEGER NULL,
            reason        TEXT NULL,
            detail        TEXT NULL,
            prev_hash     TEXT NOT NULL,
            hash          TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_ledger_channel_ref ON ledger (channel, channel_ref) WHERE channel_ref IS NOT NULL;
        CREATE INDEX ix_ledger_stay ON ledger (stay_id) WHERE stay_id IS NOT NULL;
        CREATE TRIGGER ledger_append_only_update BEFORE UPDATE ON ledger
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: correct an entry with a reversal'); END;
        CREATE TRIGGER ledger_append_only_delete BEFORE DELETE ON ledger
            BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: correct an entry with a reversal'); END;

        CREATE TABLE stays (
            id               INTEGER PRIMARY KEY,
            plate            TEXT NOT NULL,
            vehicle_class    TEXT NOT NULL CHECK (vehicle_class IN ('small', 'large', 'new-energy')),
            entry_lane       TEXT NULL,
            entry_utc        TEXT NULL,
            entry_read       TEXT NULL,
            entry_fuzzy      INTEGER NOT NULL DEFAULT 0,
            exit_lane        TEXT NULL,
            exit_utc         TEXT NULL,
            exit_read        TEXT NULL,
            status           TEXT NOT NULL CHECK (status IN ('inside', 'awaiting-payment', 'closed')),
            closed_how       TEXT NULL CHECK (closed_how IN ('paid', 'free', 'manual')),
            fee_fen          INTEGER NULL,
            due_fen          INTEGER NULL,
            tariff_id        TEXT NULL,
            tariff_hash      TEXT NULL,
            quote_json       TEXT NULL,
            payment_request  TEXT NULL,
            ledger_seq       INTEGER NULL REFERENCES ledger (seq),
            recorded_by      TEXT NOT NULL,
            updated_utc      TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_stays_open_plate ON stays (plate) WHERE status <> 'closed';
        CREATE UNIQUE INDEX ux_stays_payment_request ON stays (payment_request) WHERE payment_request IS NOT NULL;
        CREATE INDEX ix_stays_plate_entry ON stays (plate, entry_utc);
        CREATE TRIGGER stays_keep_history BEFORE DELETE ON stays
            BEGIN SELECT RAISE(ABORT, 'stays are never deleted'); END;
        """);

    /// <summary>Version 3: every lane decision, as published on the lane's events topic.</summary>
    public static Migration V3LaneEvents { get; } = new(3, "lane events", """
        CREATE TABLE lane_events (
            id          INTEGER PRIMARY KEY,
            at_utc      TEXT NOT NULL,
            lane        TEXT NOT NULL,
            read_id     TEXT NULL,
            plate_read  TEXT NULL,
            plate       TEXT NULL,
            outcome     TEXT NOT NULL,
            who         TEXT NOT NULL,
            reason      TEXT NOT NULL,
            stay_id     INTEGER NULL,
            due_fen     INTEGER NULL,
            picture     TEXT NULL
        );
        CREATE INDEX ix_lane_events_lane_at ON lane_events (lane, at_utc);
        CREATE INDEX ix_lane_events_stay ON lane_events (stay_id) WHERE stay_id IS NOT NULL;
        """);

    /// <summary>
    /// Version 4: the desk's users. Passwords are stored only as hashes; a user is disabled, never deleted, so the
    /// audit log's names always resolve.
    /// </summary>
    public static Migration V4Users { get; } = new(4, "desk users", """
        CREATE TABLE users (
            id                INTEGER PRIMARY KEY,
            name              TEXT NOT NULL COLLATE NOCASE UNIQUE,
            role              TEXT NOT NULL CHECK (role IN ('clerk', 'cashier', 'accountant', 'committee', 'admin')),
            password_hash     TEXT NOT NULL,
            failed_count      INTEGER NOT NULL DEFAULT 0,
            locked_until_utc  TEXT NULL,
            created_utc       TEXT NOT NULL,
            created_by        TEXT NOT NULL,
            disabled_utc      TEXT NULL
        );
        CREATE TRIGGER users_keep_history BEFORE DELETE ON users
            BEGIN SELECT RAISE(ABORT, 'users are never deleted: disable them'); END;
        """);

    /// <summary>
    /// Version 5: a lane decision's reason in English beside the Chinese one, so each page shows one language. Rows
    /// written before keep both languages together in <c>reason</c> and no <c>reason_en</c>.
    /// </summary>
    public static Migration V5LaneReasonEn { get; } = new(5, "lane event reasons in two languages", """
        ALTER TABLE lane_events ADD COLUMN reason_en TEXT NULL;
        """);

    /// <summary>
    /// Version 6: what became of each read held for the booth: decided by a person with the plate they chose, or
    /// expired unsettled. One row per held read (the key), so two cashiers cannot settle the same read.
    /// </summary>
    public static Migration V6HeldReads { get; } = new(6, "held reads settled", """
        CREATE TABLE held_reads_settled (
            event_id   INTEGER PRIMARY KEY REFERENCES lane_events (id),
            at_utc     TEXT NOT NULL,
            actor      TEXT NOT NULL,
            plate      TEXT NULL,
            how        TEXT NOT NULL CHECK (how IN ('decided', 'expired'))
        );
        """);

    /// <summary>
    /// Version 7: the booth's corrections and arrears. A stay that left without settling keeps what it owed
    /// (<c>owed_fen</c>) until a later entry collects it (<c>arrears_seq</c>); a stay found to be the same car as another
    /// (an entry misread, the exit with no entry record) points at the one that absorbed it (<c>merged_into</c>); an
    /// entry time the driver stated is marked with who typed it; a free exit held back for arrears keeps its reason.
    /// </summary>
    public static Migration V7StayCorrections { get; } = new(7, "stay corrections and arrears", """
        ALTER TABLE stays ADD COLUMN owed_fen INTEGER NULL;
        ALTER TABLE stays ADD COLUMN arrears_seq INTEGER NULL REFERENCES ledger (seq);
        ALTER TABLE stays ADD COLUMN merged_into INTEGER NULL REFERENCES stays (id);
        ALTER TABLE stays ADD COLUMN entry_stated_by TEXT NULL;
        ALTER TABLE stays ADD COLUMN free_reason TEXT NULL;
        CREATE INDEX ix_stays_owed ON stays (plate) WHERE owed_fen > 0 AND arrears_seq IS NULL;
        """);
}
