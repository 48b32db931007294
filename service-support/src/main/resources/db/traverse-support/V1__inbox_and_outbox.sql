-- Shared by every service, created in the service's own schema (Flyway location db/traverse-support).
-- Service-owned migrations start at V2.

-- Idempotent consumer: one row per event this service has handled. Delivery is at-least-once,
-- so a redelivered event finds its row and is skipped.
create table processed_event (
    event_id     uuid        not null primary key,
    event_type   text        not null,
    migration_id uuid,
    source       text        not null,
    occurred_at  timestamptz not null,
    processed_at timestamptz not null default now()
);
create index processed_event_migration on processed_event (migration_id);

-- Transactional outbox: events are written in the same transaction as the state change that caused them
-- and sent to Kafka afterwards by the relay, so a crash between commit and send loses nothing.
create table outbox_event (
    seq          bigint generated always as identity primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    message_key  text,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    sent_at      timestamptz,
    attempts     int         not null default 0,
    last_error   text
);
create index outbox_event_unsent on outbox_event (seq) where sent_at is null;
