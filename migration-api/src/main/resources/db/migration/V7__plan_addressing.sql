-- Per-plan addressing on the target (issue 8 item 3): keep each NIC's MAC (default) or let Neutron choose one for
-- re-addressing into a new subnet; keep the guest's reported IP when the mapped subnet contains it (off by default).
-- A migration keeps what its plan said at the start; null (a VM started on its own without a choice) leaves it to
-- network-mapper's defaults.
alter table plan
    add column preserve_mac boolean not null default true,
    add column preserve_ip  boolean not null default false;

alter table migration
    add column preserve_mac boolean,
    add column preserve_ip  boolean;
