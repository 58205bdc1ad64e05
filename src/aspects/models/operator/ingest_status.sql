-- Grain: one row, the whole instance.
-- METRICS.md "Operator": last statement received and ingest lag. Over every statement stored
-- at or before as_of (xapi_events_all: voiding statements and voided ones included):
--   total_statements              how many were stored
--   last_stored                   when the newest one arrived (`stored`); null when none
--   last_emitted                  the newest statement timestamp (`emission_time`); null when none
--   latest_lag_seconds            stored - emission_time of the statement stored last (ties:
--                                 the latest timestamp, then the highest id): how late the
--                                 most recent arrival was; negative when the sender's clock
--                                 is ahead; a replayed file of old statements makes it large
--   received_last_hour            statements stored in the hour up to as_of, (as_of - 1 h, as_of]
--   median_lag_seconds_last_hour  the median of stored - emission_time over those (the mean
--                                 of the two middle values for an even count); null when none
-- aspects.reports.operator adds seconds_since_last_stored = as_of - last_stored.
with received as (
    select
        stored, emission_time, event_id,
        dateDiff('microsecond', emission_time, stored) / 1000000 as lag_seconds,
        stored > {as_of:DateTime64(6, 'UTC')} - interval 1 hour as in_last_hour
    from xapi_events_all
    where stored <= {as_of:DateTime64(6, 'UTC')}
),

final as (
    select
        count() as total_statements,
        maxOrNull(stored) as last_stored,
        maxOrNull(emission_time) as last_emitted,
        argMaxOrNull(lag_seconds, (stored, emission_time, event_id)) as latest_lag_seconds,
        countIf(in_last_hour) as received_last_hour,
        if(
            received_last_hour = 0,
            null,
            quantileExactInclusiveIf(0.5)(lag_seconds, in_last_hour)
        ) as median_lag_seconds_last_hour
    from received
)

select * from final
