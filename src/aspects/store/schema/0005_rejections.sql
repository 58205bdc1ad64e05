-- Refused statements, counted (issue 6, METRICS.md "Operator": rejected statements and why).
-- One row per UTC hour x source x reason as written; SummingMergeTree adds rows of the same key
-- when parts merge, so readers always `sum(statements)` grouped by what they need.
--   hour        the UTC hour the LRS (or a load) refused them, by the server's clock
--   source      'lrs' (HTTP /xAPI/statements) or 'load' (`aspects load` files)
--   reason      aspects.ingest.rejections.Reason values, or 'unauthorized' (bad credentials)
--   statements  statements refused; a request refused as a whole (body not JSON, too large,
--               unauthorized) counts one
-- Counted in memory and written every few seconds (aspects.ingest.rejection_log), so the
-- numbers survive a restart; the Prometheus counters in /metrics start again from zero.
create table if not exists rejected_statements
(
    hour DateTime('UTC'),
    source LowCardinality(String),
    reason LowCardinality(String),
    statements UInt64
)
engine = SummingMergeTree(statements)
order by (hour, source, reason);
