namespace ParkingGate.Storage.Migrations;

/// <summary>The schema from version 8: what the gate keeps of its devices (camera lists, offline records, holds, passages).</summary>
internal static partial class Schema
{
    /// <summary>
    /// Version 8: the cameras' own lists of plates they open for while the gate is down, kept in step with the
    /// registry through an outbox: each registry change that decides an opening adds one operation per camera in the
    /// same transaction; the gate sends it, and marks it done when the camera answers (a newer operation for the same
    /// plate supersedes one not yet sent).
    /// </summary>
    public static Migration V8CameraLists { get; } = new(8, "camera lists and their outbox", """
        CREATE TABLE camera_lists (
            camera              TEXT PRIMARY KEY,
            kind                TEXT NOT NULL,
            added_utc           TEXT NOT NULL,
            sync_requested_utc  TEXT NULL,
            last_full_sync_utc  TEXT NULL
        );
        CREATE TABLE camera_list_ops (
            id           INTEGER PRIMARY KEY,
            camera       TEXT NOT NULL REFERENCES camera_lists (camera),
            plate        TEXT NOT NULL,
            keep         INTEGER NOT NULL CHECK (keep IN (0, 1)),
            until_utc    TEXT NULL,
            state        TEXT NOT NULL CHECK (state IN ('pending', 'done', 'superseded')),
            attempts     INTEGER NOT NULL DEFAULT 0,
            next_utc     TEXT NOT NULL,
            last_error   TEXT NULL,
            created_utc  TEXT NOT NULL,
            done_utc     TEXT NULL
        );
        CREATE INDEX ix_camera_list_ops_pending ON camera_list_ops (camera, plate) WHERE state = 'pending';
        """);

    /// <summary>
    /// Version 9: the passages cameras made by themselves while the gate was down. A lane event imported from a
    /// camera's offline record carries that record's key (<c>kind:camera:record id</c>), unique, so a record sent twice
    /// (a replay interrupted by a live read) is imported once; each camera's spans offline are summed for the desk.
    /// A special passage (police, emergency…) names its kind in <c>special</c>, for the reports.
    /// </summary>
    public static Migration V9OfflineRecords { get; } = new(9, "offline records", """
        ALTER TABLE lane_events ADD COLUMN camera_record TEXT NULL;
        ALTER TABLE lane_events ADD COLUMN special TEXT NULL;
        CREATE UNIQUE INDEX ux_lane_events_camera_record ON lane_events (camera_record) WHERE camera_record IS NOT NULL;
        CREATE TABLE offline_spans (
            id                  INTEGER PRIMARY KEY,
            camera              TEXT NOT NULL,
            lane                TEXT NOT NULL,
            from_utc            TEXT NOT NULL,
            until_utc           TEXT NOT NULL,
            passages            INTEGER NOT NULL DEFAULT 0,
            not_opened          INTEGER NOT NULL DEFAULT 0,
            set_aside           INTEGER NOT NULL DEFAULT 0,
            first_imported_utc  TEXT NOT NULL,
            last_imported_utc   TEXT NOT NULL
        );
        CREATE INDEX ix_offline_spans_camera ON offline_spans (camera, last_imported_utc);
        """);

    /// <summary>
    /// Version 10: lanes held open (常开) for a fire drill, a funeral, a wedding or an evacuation: who started each
    /// hold and why, who ended it and why, each with its ledger entry. At most one hold per lane is open.
    /// </summary>
    public static Migration V10LaneHolds { get; } = new(10, "lane holds", """
        CREATE TABLE lane_holds (
            id           INTEGER PRIMARY KEY,
            lane         TEXT NOT NULL,
            started_utc  TEXT NOT NULL,
            started_by   TEXT NOT NULL,
            reason       TEXT NOT NULL,
            start_seq    INTEGER NOT NULL REFERENCES ledger (seq),
            ended_utc    TEXT NULL,
            ended_by     TEXT NULL,
            end_reason   TEXT NULL,
            end_seq      INTEGER NULL REFERENCES ledger (seq)
        );
        CREATE UNIQUE INDEX ux_lane_holds_open ON lane_holds (lane) WHERE ended_utc IS NULL;
        CREATE TRIGGER lane_holds_keep_history BEFORE DELETE ON lane_holds
            BEGIN SELECT RAISE(ABORT, 'lane holds are never deleted'); END;
        """);

    /// <summary>
    /// Version 11: an entry voided because the car never passed (it turned back, or crossed no ground loop in time):
    /// the stay closes with no ledger entry and no fee, and says when and why; its space is free again.
    /// </summary>
    public static Migration V11VoidedEntries { get; } = new(11, "voided entries", """
        ALTER TABLE stays ADD COLUMN voided_utc TEXT NULL;
        ALTER TABLE stays ADD COLUMN void_reason TEXT NULL;
        """);

    /// <summary>Version 12: when each camera's list was last read back and compared with the registry, and what was found.</summary>
    public static Migration V12ListChecks { get; } = new(12, "camera list checks", """
        ALTER TABLE camera_lists ADD COLUMN last_check_utc TEXT NULL;
        ALTER TABLE camera_lists ADD COLUMN last_check_result TEXT NULL;
        """);

    /// <summary>
    /// Version 13: the record number a camera gave each plate on its list (Dahua's allow list removes an entry by the
    /// number its insert answered, not by the plate), kept beside the plate until the entry is removed.
    /// </summary>
    public static Migration V13ListRecords { get; } = new(13, "camera list record numbers", """
        CREATE TABLE camera_list_records (
            camera    TEXT NOT NULL,
            plate     TEXT NOT NULL,
            record_no TEXT NOT NULL,
            added_utc TEXT NOT NULL,
            PRIMARY KEY (camera, plate)
        );
        """);

    /// <summary>
    /// Version 14: how many spaces each household has (一位多车: more cars than spaces are treated by the estate's rule),
    /// which residents' cars are inside now (a resident's passage has no stay, so its presence is kept here), and the
    /// stays of residents' cars let in beyond their household's spaces to be charged as a visitor's.
    /// </summary>
    public static Migration V14HouseholdSpaces { get; } = new(14, "household spaces", """
        ALTER TABLE households ADD COLUMN spaces INTEGER NOT NULL DEFAULT 1 CHECK (spaces BETWEEN 0 AND 10);
        CREATE TABLE resident_inside (
            plate        TEXT PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households (id),
            lane         TEXT NOT NULL,
            since_utc    TEXT NOT NULL
        );
        CREATE INDEX ix_resident_inside_household ON resident_inside (household_id);
        ALTER TABLE stays ADD COLUMN charged_as_visitor INTEGER NOT NULL DEFAULT 0;
        """);

    /// <summary>
    /// Version 15: visitor invitations (访客预约). A clerk invites a household's visitor for a window with free hours from
    /// the household's month, under the rule the meeting approved; a stay entering within the window is linked to it, and
    /// the minutes the invitation made free are kept on the stay for the allowance and the monthly report.
    /// </summary>
    public static Migration V15Invitations { get; } = new(15, "visitor invitations", """
        CREATE TABLE invitations (
            id             INTEGER PRIMARY KEY,
            household_id   INTEGER NOT NULL REFERENCES households (id),
            plate          TEXT NOT NULL,
            from_utc       TEXT NOT NULL,
            until_utc      TEXT NOT NULL CHECK (until_utc > from_utc),
            month          TEXT NOT NULL,
            free_minutes   INTEGER NOT NULL CHECK (free_minutes > 0),
            note           TEXT NULL,
            approval       TEXT NOT NULL,
            created_utc    TEXT NOT NULL,
            created_by     TEXT NOT NULL,
            cancelled_utc  TEXT NULL,
            cancelled_by   TEXT NULL,
            cancel_reason  TEXT NULL
        );
        CREATE INDEX ix_invitations_plate ON invitations (plate, from_utc);
        CREATE INDEX ix_invitations_household ON invitations (household_id, month);
        CREATE TRIGGER invitations_keep_history BEFORE DELETE ON invitations
            BEGIN SELECT RAISE(ABORT, 'invitations are never deleted: set cancelled_utc'); END;
        ALTER TABLE stays ADD COLUMN invitation_id INTEGER NULL REFERENCES invitations (id);
        ALTER TABLE stays ADD COLUMN invited_minutes INTEGER NOT NULL DEFAULT 0;
        """);

    /// <summary>
    /// Version 16: the conduct register (红黑榜): violations, corrections, proposals, the committee's decisions,
    /// commendations and notices, append-only and chained like the ledger; the photos its records name by hash (the
    /// files are deleted after the rules' retention, the hash stays); and blocklist entries that end on a date, with
    /// the decision that made them.
    /// </summary>
    public static Migration V16ConductRegister { get; } = new(16, "conduct register", """
        CREATE TABLE conduct_register (
            seq           INTEGER PRIMARY KEY,
            at_utc        TEXT NOT NULL,
            kind          TEXT NOT NULL,
            plate         TEXT NULL,
            room          TEXT NULL,
            offence       TEXT NULL,
            place         TEXT NULL,
            occurred_utc  TEXT NULL,
            photos        TEXT NULL,
            operator      TEXT NOT NULL,
            refers_to     INTEGER NULL REFERENCES conduct_register (seq),
            reason        TEXT NULL,
            detail        TEXT NULL,
            prev_hash     TEXT NOT NULL,
            hash          TEXT NOT NULL UNIQUE
        );
        CREATE INDEX ix_conduct_register_plate ON conduct_register (plate, kind);
        CREATE INDEX ix_conduct_register_refers ON conduct_register (refers_to);
        CREATE TRIGGER conduct_register_append_only_update BEFORE UPDATE ON conduct_register
            BEGIN SELECT RAISE(ABORT, 'the conduct register is append-only: correct a record with a later one'); END;
        CREATE TRIGGER conduct_register_append_only_delete BEFORE DELETE ON conduct_register
            BEGIN SELECT RAISE(ABORT, 'the conduct register is append-only: correct a record with a later one'); END;
        CREATE TABLE conduct_photos (
            sha256       TEXT PRIMARY KEY,
            file         TEXT NOT NULL,
            bytes        INTEGER NOT NULL,
            media_type   TEXT NOT NULL,
            added_utc    TEXT NOT NULL,
            deleted_utc  TEXT NULL
        );
        ALTER TABLE blocklist ADD COLUMN ends_utc TEXT NULL;
        ALTER TABLE blocklist ADD COLUMN decision_seq INTEGER NULL;
        CREATE TABLE users_with_patrollers (
            id                INTEGER PRIMARY KEY,
            name              TEXT NOT NULL COLLATE NOCASE UNIQUE,
            role              TEXT NOT NULL CHECK (role IN ('clerk', 'cashier', 'accountant', 'committee', 'admin', 'patroller')),
            password_hash     TEXT NOT NULL,
            failed_count      INTEGER NOT NULL DEFAULT 0,
            locked_until_utc  TEXT NULL,
            created_utc       TEXT NOT NULL,
            created_by        TEXT NOT NULL,
            disabled_utc      TEXT NULL
        );
        INSERT INTO users_with_patrollers (id, name, role, password_hash, failed_count, locked_until_utc, created_utc, created_by, disabled_utc)
            SELECT id, name, role, password_hash, failed_count, locked_until_utc, created_utc, created_by, disabled_utc FROM users;
        DROP TRIGGER users_keep_history;
        DROP TABLE users;
        ALTER TABLE users_with_patrollers RENAME TO users;
        CREATE TRIGGER users_keep_history BEFORE DELETE ON users
            BEGIN SELECT RAISE(ABORT, 'users are never deleted: disable them'); END;
        """);
}
