-- When the vCenter read a VM row came from started (its state is at least that fresh). Full syncs, single-VM reads
-- and the WaitForUpdatesEx watcher write the mirror concurrently; a write whose read started before the row's is
-- older news and is skipped, so a slow full sync cannot undo a change the watcher has already applied.
alter table inventory_vm add column read_at timestamptz;
