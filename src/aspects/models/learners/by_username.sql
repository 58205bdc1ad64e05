-- Grain: one row per anonymous id (the xAPI actor id) the LMS maps to a username.
-- The learner page's lookup by username (METRICS.md "Learner groups and individual
-- learners"): the external-id table, latest dump, as the roster's identities read it.
with identities as (
    select toString(external_user_id) as actor_id, username
    from latest_external_id
),

final as (
    select actor_id
    from identities
    where username = {username:String}
)

select actor_id from final
order by actor_id
