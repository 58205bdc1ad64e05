-- Grain: one row per reason x source with at least one refusal in [from, to).
-- METRICS.md "Operator": rejected statements and why. From rejected_statements (schema 0005),
-- counted per UTC hour by the server's clock when the LRS or `aspects load` refused them:
--   reason     why (aspects.ingest.rejections.Reason values, or `unauthorized`)
--   source     `lrs` (HTTP) or `load` (files)
--   rejected   statements refused; a request refused as a whole counts one
--   last_hour  the start of the latest UTC hour with such a refusal
-- An hour belongs to the period when it starts in [from, to) (local midnights as instants)
-- and at or before as_of; in zones whose offset is not whole hours a boundary hour falls on
-- the side its start is on.
with refused as (
    select hour, source, reason, statements
    from rejected_statements
    where hour >= {start_at:DateTime64(6, 'UTC')}
        and hour < {end_at:DateTime64(6, 'UTC')}
        and hour <= {as_of:DateTime64(6, 'UTC')}
),

final as (
    select reason, source, sum(statements) as rejected, max(hour) as last_hour
    from refused
    group by reason, source
)

select * from final
order by rejected desc, reason, source
