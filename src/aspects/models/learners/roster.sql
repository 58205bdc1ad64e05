-- Grain: one row per learner ever enrolled in the course (>= 1 `registered` at or before as_of),
-- all of them ({scope_all:Bool}) or those of {scope_pairs}: their state as of as_of
-- (models/learners/roster_states.sql: METRICS.md "Learner groups and individual learners"),
-- the fields the group filters read (aspects.groups.rules) and the group table shows.
-- PII (user_id, username, name, email) comes from the LMS tables when loaded; aspects.groups
-- blanks it for viewers without PII permission.
with
states as (
    select * from {{learners/roster_states}}
),

identities as (
    select
        toString(external_user_id) as actor_id, toNullable(user_id) as user_id,
        toNullable(username) as username
    from latest_external_id
),

profiles as (
    select toNullable(user_id) as user_id, name, email
    from latest_user_profile
),

final as (
    select
        states.actor_id as anonymous_id,
        identities.user_id as user_id,
        coalesce(identities.username, '') as username,
        coalesce(toNullable(profiles.name), '') as name,
        coalesce(toNullable(profiles.email), '') as email,
        track, first_enrolled_at, enrolled_at, last_visit, grade, passed, current, engaged,
        sections_visited
    from states
    left join identities on identities.actor_id = states.actor_id
    left join profiles on profiles.user_id = identities.user_id
)

select * from final
order by anonymous_id
