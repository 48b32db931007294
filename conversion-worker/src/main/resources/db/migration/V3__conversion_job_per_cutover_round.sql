-- One conversion per cutover round instead of per migration: a retry after a failed conversion or launch re-runs the
-- cutover round, and that round's conversion must run (or answer "Volume already converted") or the VM would wait in
-- CONVERTING for ever. The Job name (conversion-<migration>-r<round>) stays the primary key, so a redelivered
-- trigger still queues nothing twice.
alter table conversion_job drop constraint conversion_job_migration_id_key;
create index conversion_job_migration on conversion_job (migration_id, created_at);
