-- The latest vm.converted payload of the migration (JSON): what launch-service launches from. A retry after a launch
-- failure sends it again, so launch-service launches once more without a new sync round or conversion.
alter table migration
    add column launch_request text;
