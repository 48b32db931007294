-- discovery-service's mirror of the vCenter inventory, replaced by each full sync (InventoryStore).
-- VMs keep every Phase-1 field in `detail` (the InventoryVm record as JSON); the columns beside it are what the
-- REST API filters, sorts and groups by.

create table inventory_datacenter (
    id   text primary key,
    name text not null
);

create table inventory_cluster (
    id         text primary key,
    name       text not null,
    datacenter text
);

create table inventory_host (
    id         text primary key,
    name       text not null,
    cluster    text,
    datacenter text
);

create table inventory_datastore (
    id             text primary key,
    name           text   not null,
    datacenter     text,
    capacity_bytes bigint not null,
    free_bytes     bigint not null,
    type           text
);

create table inventory_network (
    id         text primary key,
    name       text not null,
    datacenter text,
    kind       text not null,
    key        text
);

create table inventory_vm (
    id          text primary key,
    name        text        not null,
    power_state text        not null,
    datacenter  text,
    cluster     text,
    host        text,
    vcpus       int         not null,
    memory_mb   bigint      not null,
    detail      jsonb       not null,
    first_seen  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index inventory_vm_cluster on inventory_vm (cluster, name);
create index inventory_vm_power on inventory_vm (power_state, name);
create index inventory_vm_name on inventory_vm (name);

-- One row: when the mirror was last synced, for the API and for operators.
create table inventory_sync (
    id        int primary key check (id = 1),
    synced_at timestamptz not null,
    vm_count  int         not null
);
