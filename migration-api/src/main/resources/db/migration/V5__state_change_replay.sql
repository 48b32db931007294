-- Every state change the SSE stream sends, kept for a while so a client that reconnects (Last-Event-ID or
-- ?since=) gets what it missed. seq is the SSE event id; changed_at is when the seq was taken (clock time), so a
-- replay can also resend what an older, slower transaction committed after a newer one.
create table state_change (
    seq        bigserial   primary key,
    plan_id    uuid,
    changed_at timestamptz not null default clock_timestamp(),
    change     text        not null
);
create index state_change_at on state_change (changed_at);
