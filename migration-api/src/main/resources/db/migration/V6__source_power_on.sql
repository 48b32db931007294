-- Rollback, skip-after-failure and Reset power the source VM back on through discovery-service, when Traverse had
-- powered it off (the VM was on at discovery and its cutover had started). The request is written in the
-- transaction of the rollback and carried out after it by the orchestrator, so a crash in between loses nothing.
create table source_power_on (
    migration_id uuid        not null primary key references migration (id),
    vm_id        text        not null,
    vm_name      text        not null,
    requested_by text        not null,
    requested_at timestamptz not null default now(),
    state        text        not null default 'PENDING', -- PENDING, DONE, REFUSED, FAILED
    detail       text,
    attempts     int         not null default 0,
    next_at      timestamptz not null default now()
);
create index source_power_on_pending on source_power_on (next_at) where state = 'PENDING';
