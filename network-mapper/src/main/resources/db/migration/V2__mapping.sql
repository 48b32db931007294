-- One row per migration: what network-mapper decided for the VM (ports, zone) or why it could not; latest wins.
create table vm_mapping (
    migration_id      uuid primary key,
    vm_id             text not null,
    mapping_id        uuid,
    availability_zone text,
    ports             text,
    failure           text,
    explanation       text not null,
    decided_at        timestamptz not null default now()
);

-- Migrations cancelled or rolled back: their ports were deleted, and a late vm.sized must not create new ones.
create table cancelled_migration (
    migration_id  uuid primary key,
    reason        text not null,
    ports_deleted int not null,
    cancelled_at  timestamptz not null default now()
);
