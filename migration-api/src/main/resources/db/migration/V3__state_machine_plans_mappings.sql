-- The per-VM state machine (issue 7 item 5), plans and waves (item 3), infrastructure mappings (item 1),
-- preflight reports (item 2). JSON-valued columns are text holding JSON written by the service.

-- Old states → the state machine's names.
update migration set state = case state
    when 'REQUESTED'  then 'DISCOVERING'
    when 'DISCOVERED' then 'SIZING'
    when 'SIZED'      then 'MAPPING'
    when 'MAPPED'     then 'PRECOPYING'
    when 'SYNCING'    then 'PRECOPYING'
    when 'SYNCED'     then 'CONVERTING'
    when 'CONVERTED'  then 'LAUNCHING'
    else state end;

alter table migration
    add column plan_id                 uuid,
    add column wave                    int,
    add column job_id                  uuid,
    add column requested_by            text    not null default 'api',
    add column phase_detail            text,
    add column precopy_interval_s      bigint,
    add column cutover_policy          text    not null default 'MANUAL',
    add column cutover_at              timestamptz,
    add column cutover_window          text,
    add column downtime_target_s       bigint,
    add column step_delay_ms           bigint  not null default 0,
    add column max_attempts            int     not null default 3,
    add column flavor_override         text,
    add column drop_nics               text    not null default '[]',
    add column round                   int     not null default 0,
    add column round_in_flight         boolean not null default false,
    add column round_is_cutover        boolean not null default false,
    add column round_started_at        timestamptz,
    add column prev_round_started_at   timestamptz,
    add column last_round_bytes        bigint,
    add column last_round_seconds      double precision,
    add column cutover_requested       boolean not null default false,
    add column cutover_reason          text,
    add column dirty_rate_bps          double precision,
    add column throughput_bps          double precision,
    add column predicted_downtime_s    double precision,
    add column next_action             text,
    add column next_action_at          timestamptz,
    add column attempts                int     not null default 0,
    add column failure_phase           text,
    add column failure_retryable       boolean,
    add column vcpus                   int,
    add column memory_mb               bigint,
    add column disk_bytes              bigint,
    add column flavor_name             text,
    add column instance_name           text,
    add column ip_addresses            text,
    add column bytes_transferred       bigint,
    add column bytes_total             bigint,
    add column admitted_at             timestamptz,
    add column finished_at             timestamptz,
    add column archived                boolean not null default false,
    add column version                 bigint  not null default 0;

-- One active migration per VM: a second start of the same VM fails on this index (409), even under a race.
create unique index migration_one_active_per_vm on migration (vm_id)
    where state in ('QUEUED','DISCOVERING','SIZING','MAPPING','PRECOPYING','CUTTING_OVER','CONVERTING','LAUNCHING',
                    'WAITING_CAPACITY') and not archived;
create index migration_state on migration (state) where not archived;
create index migration_plan on migration (plan_id, wave);
create index migration_due on migration (next_action_at) where next_action is not null;
create index migration_queued on migration (created_at) where state = 'QUEUED';

-- The timeline also says what each entry did to the state.
alter table timeline_entry
    add column from_state text,
    add column to_state   text,
    add column detail     text;

-- Infrastructure mappings: source clusters → availability zones, datastores → volume types, port groups → networks.
create table infra_mapping (
    id          uuid        not null primary key,
    name        text        not null unique,
    description text,
    clusters    text        not null,
    datastores  text        not null,
    networks    text        not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int         not null default 1
);

create table plan (
    id                      uuid        not null primary key,
    name                    text        not null unique,
    description             text,
    mapping_id              uuid references infra_mapping (id),
    mode                    text        not null,
    precopy_interval_s      bigint,
    cutover_policy          text        not null,
    cutover_at              timestamptz,
    cutover_window          text,
    downtime_target_s       bigint,
    max_concurrent          int,
    max_concurrent_per_wave int,
    max_attempts            int         not null default 3,
    step_delay_ms           bigint      not null default 0,
    on_failure              text        not null default 'CONTINUE',
    wave_strategy           text        not null default 'MANUAL',
    created_by              text        not null,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now()
);

create table plan_vm (
    plan_id         uuid        not null references plan (id) on delete cascade,
    vm_id           text        not null,
    vm_name         text        not null,
    position        int         not null,
    wave            int         not null default 1,
    flavor_override text,
    drop_nics       text        not null default '[]',
    cutover_at      timestamptz,
    depends_on      text        not null default '[]',
    primary key (plan_id, vm_id)
);

-- The last preflight of each plan; a start reuses it while the plan has not changed since.
create table preflight_report (
    plan_id         uuid        not null primary key references plan (id) on delete cascade,
    ran_at          timestamptz not null,
    plan_updated_at timestamptz not null,
    blocking        boolean     not null,
    results         text        not null
);
