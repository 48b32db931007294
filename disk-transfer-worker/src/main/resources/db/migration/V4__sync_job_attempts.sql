-- A new attempt of a migration (migration-api's automatic retry, or an operator's POST /retry) sends the failed
-- round's trigger again with a new event id: that round's row is queued again as its next attempt, with a Job name of
-- its own (…-r<round>-a<attempt>, since the launchers treat a known name as "already ran"). The trigger's event id
-- tells a redelivery (same id: nothing queued) from a new attempt. Rows from before keep attempt 1.
alter table sync_job add column attempt int not null default 1;
alter table sync_job add column trigger_event_id uuid;
