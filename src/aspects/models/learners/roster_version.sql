-- Grain: one row: what the roster of a course is computed from, as counts and the latest
-- arrival. When none of these changed, the roster as of a given instant is the same, so a
-- page's requests for one instant can share one computation (aspects.groups.roster).
-- Statements of the course (count, latest stored), voiding statements anywhere (a voided
-- statement leaves the course's numbers), and the LMS rows the roster reads: the course's
-- structure, identities and profiles.
with
course_statements as (
    select count() as statements, max(stored) as latest
    from xapi_events_all
    where course_key = {course_key:String}
),

voiding as (
    select count() as voiding
    from xapi_events_all
    where verb_id = 'http://adlnet.gov/expapi/verbs/voided'
),

lms as (
    select
        (select count() from course_blocks where course_key = {course_key:String}) as blocks,
        (select count() from external_id) as identities,
        (select count() from user_profile) as profiles
),

final as (
    select statements, latest, voiding, blocks, identities, profiles
    from course_statements, voiding, lms
)

select * from final
