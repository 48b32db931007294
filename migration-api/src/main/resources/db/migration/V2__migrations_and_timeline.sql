-- One row per VM migration: the system of record for its state.
create table migration (
    id           uuid        not null primary key,
    vm_id        text        not null,
    vm_name      text        not null,
    mode         text        not null,
    state        text        not null,
    failure      text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
create index migration_vm on migration (vm_id);

-- Every event seen for a migration, in arrival order: the timeline the dashboard and the API show.
create table timeline_entry (
    seq          bigint generated always as identity primary key,
    migration_id uuid        not null,
    event_id     uuid        not null unique,
    event_type   text        not null,
    source       text        not null,
    occurred_at  timestamptz not null,
    recorded_at  timestamptz not null default now(),
    data         text        not null
);
create index timeline_entry_migration on timeline_entry (migration_id, seq);
