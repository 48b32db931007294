-- One row per migration: the flavor flavor-service chose (or why it could not), latest decision wins.
create table sizing (
    migration_id  uuid primary key,
    vm_id         text not null,
    vcpus         int not null,
    memory_mb     bigint not null,
    flavor_id     text,
    flavor_name   text,
    how           text,
    failure       text,
    explanation   text not null,
    decided_at    timestamptz not null default now()
);
