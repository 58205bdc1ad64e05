-- Grain: the views per bucket of one video (5 s, 1 s, or one of 20 equal parts) as
-- models/video/segment_buckets.sql counts them over what is defined here; aspects.reports.video
-- lays out every bucket, empty ones included, over the seconds from 0 to the video's length
-- (or to the last watched second when that is later).
-- METRICS.md "Video": per learner, the video's statements in (timestamp, stored, statement id)
-- order, whatever requests they arrived in; a `played` at position `time` opens a segment; the
-- first `paused`, `seeked` (at time-from), `terminated` or `completed` after it closes it (a
-- `completed` without a position closes at the video length); a segment still open at the next
-- `played` (or at the end) is dropped, as are zero and negative spans. A segment a..b covers
-- seconds floor(a) .. ceil(b) - 1; a learner's coverage of a second is how many of their
-- segments cover it. Per bucket, with c = a learner's highest coverage of a second in it:
-- views = sum of c, learners = learners with c >= 1, repeat_views = sum of max(c - 1, 0).
with video_statements as (
    select video_length
    from statements
    where course_key = {course_key:String}
        and block_key = {video:String}
        and verb_id in (
            'https://w3id.org/xapi/video/verbs/played',
            'https://w3id.org/xapi/video/verbs/paused',
            'https://w3id.org/xapi/video/verbs/seeked',
            'http://adlnet.gov/expapi/verbs/terminated',
            'http://adlnet.gov/expapi/verbs/completed'
        )
        and emission_time <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
),

(select max(video_length) from video_statements) as video_length,

-- The pairing itself is the video_segments view (models/views); a segment closed after as_of
-- was still open then, so it is left out.
segments as (
    select actor_id, segment_start as a, segment_end as b
    from video_segments
    where course_key = {course_key:String}
        and video_key = {video:String}
        and closed_at <= {as_of:DateTime64(6, 'UTC')}
        and ({all_learners:Bool} or actor_id in {learners:Array(String)})
)

select * from {{video/segment_buckets}}
