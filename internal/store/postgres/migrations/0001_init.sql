-- Mosaic on PostgreSQL: the tables behind store.Backend.
--
-- Applied by Open inside one transaction, under an advisory lock, with the
-- connection's search_path set to the store's schema: nothing here names the
-- schema, so one database can hold several stores side by side.
--
-- Ids that the Go code compares or sorts (record, entity, doc ids) use the
-- "C" collation: byte order, the order the embedded engine and Go's
-- sort.Strings give, and independent of the database's locale.
--
-- Kept portable for a later Citus scale-out (DESIGN.md §5): plain types, no
-- extensions, and every unique key contains the column a table would be
-- distributed by:
--   statements, records   by record id (co-located: a record's statements
--                          and its row live on one shard)
--   assignments           by record id (co-located with records)
--   judgements            by a (the smaller record id of the pair)
--   history               by entity
--   docs, sources, meta   small: reference tables

-- One row per statement. The content-hash id already determines the record,
-- but the key starts with the record so that a record's statements are
-- adjacent in the index (RecordStatements, ScanStatements in record order)
-- and so the key contains the distribution column.
CREATE TABLE statements (
    record      text COLLATE "C" NOT NULL,
    id          bytea NOT NULL CHECK (length(id) = 16),
    schema      text NOT NULL,
    prop        text NOT NULL,
    value       text NOT NULL,
    original    text NOT NULL DEFAULT '',
    source      text NOT NULL,
    label       text NOT NULL DEFAULT '',
    reliability smallint NOT NULL DEFAULT 0,
    credibility smallint NOT NULL DEFAULT 0,
    category    smallint NOT NULL DEFAULT 0,
    kind        smallint NOT NULL DEFAULT 0,
    first_seen  timestamptz,
    last_seen   timestamptz,
    review_at   timestamptz,
    PRIMARY KEY (record, id)
);

-- What is known of a record without its statements. birth_id is the
-- entity id the record was born with (store.EntityID), kept so that an id
-- handed out before a split still finds its record.
CREATE TABLE records (
    id       text COLLATE "C" PRIMARY KEY,
    schema   text NOT NULL,
    source   text NOT NULL,
    created  timestamptz NOT NULL,
    birth_id text COLLATE "C" NOT NULL
);
CREATE INDEX records_birth_id ON records (birth_id);

-- Judgements on pairs of records, a < b. "by" is store.Machine for the
-- resolver and a person's name otherwise.
CREATE TABLE judgements (
    a        text COLLATE "C" NOT NULL,
    b        text COLLATE "C" NOT NULL,
    verdict  smallint NOT NULL,
    score    double precision NOT NULL DEFAULT 0,
    features bytea,
    label    text NOT NULL DEFAULT '',
    "by"     text NOT NULL,
    reason   text NOT NULL DEFAULT '',
    "at"     timestamptz,
    PRIMARY KEY (a, b)
);
CREATE INDEX judgements_b ON judgements (b, a);

-- Record → canonical entity. The (entity, record) index answers Members
-- and the entity count from the index alone.
CREATE TABLE assignments (
    record text COLLATE "C" PRIMARY KEY,
    entity text COLLATE "C" NOT NULL
);
CREATE INDEX assignments_entity ON assignments (entity, record);

-- Cluster events per entity. seq is global and increasing, so an entity's
-- events read back in the order they were written.
CREATE TABLE history (
    entity text COLLATE "C" NOT NULL,
    seq    bigserial NOT NULL,
    body   jsonb NOT NULL,
    PRIMARY KEY (entity, seq)
);

-- Small documents by kind and id. The body is bytea, not jsonb: callers get
-- back exactly the bytes they stored.
CREATE TABLE docs (
    kind text COLLATE "C" NOT NULL,
    id   text COLLATE "C" NOT NULL,
    body bytea NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Records per source, kept in the same transaction as every write so that
-- the number of sources is a count over a table of a few rows.
CREATE TABLE sources (
    source  text COLLATE "C" PRIMARY KEY,
    records bigint NOT NULL
);

-- The running totals behind Counts, one row, updated in the transaction of
-- each write. entities counts distinct entities among assignments and
-- assigned the assignments; Counts adds the records that have none.
CREATE TABLE meta (
    id         smallint PRIMARY KEY CHECK (id = 1),
    statements bigint NOT NULL DEFAULT 0,
    records    bigint NOT NULL DEFAULT 0,
    entities   bigint NOT NULL DEFAULT 0,
    assigned   bigint NOT NULL DEFAULT 0
);
INSERT INTO meta (id) VALUES (1);
