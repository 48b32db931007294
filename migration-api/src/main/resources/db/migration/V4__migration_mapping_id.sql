-- The plan's infrastructure mapping at the start, sent in migration.requested (mappingId) so network-mapper,
-- flavor-service and launch-service read the mapping without reading the plan. Null for a VM started on its own.
alter table migration add column mapping_id uuid;
