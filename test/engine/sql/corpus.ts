/** Realistic Timestream queries, shared by the reference test, the round-trip tests and the fuzz seeds. */

/**
 * Every concrete SQL fragment in the Timestream reference note (§4, §5, §7), verbatim, with a
 * statement that uses it. Grammar summaries with `[a|b]` or `…` placeholders are written out as
 * one concrete instance.
 */
export const REFERENCE_FRAGMENTS: readonly { fragment: string; sql: string }[] = [
  {
    fragment: 'LAST_VALUE(x) IGNORE NULLS OVER (...)',
    sql: 'SELECT LAST_VALUE(x) IGNORE NULLS OVER (PARTITION BY h ORDER BY time) FROM t',
  },
  { fragment: 'CROSS JOIN UNNEST(...) AS t(a, b)', sql: 'SELECT t.a, t.b FROM s CROSS JOIN UNNEST(ts) AS t(a, b)' },
  {
    fragment: 'CROSS JOIN UNNEST(ts) [AS t(time_alias, value_alias)]',
    sql: 'SELECT time_alias FROM s CROSS JOIN UNNEST(ts) AS t(time_alias, value_alias)',
  },
  { fragment: 'xxhash64(varbinary)', sql: "SELECT xxhash64(CAST('a' AS varbinary))" },
  { fragment: 'from_big_endian_64(varbinary)', sql: 'SELECT from_big_endian_64(xxhash64(CAST(x AS varbinary))) FROM t' },
  { fragment: 'CAST(x AS varbinary)', sql: 'SELECT CAST(x AS varbinary) FROM t' },
  { fragment: '`x -> expr`', sql: 'SELECT filter(ts, x -> x.value > 0) FROM t' },
  { fragment: '`(s, x) -> expr`', sql: 'SELECT reduce(ts, 0, (s, x) -> s + x.value, s -> s) FROM t' },
  { fragment: 'CAST(... AS ROW(a BIGINT, …))', sql: 'SELECT CAST(ROW(1, 2.0) AS ROW(a BIGINT, b DOUBLE))' },
  { fragment: 'typeof(x)', sql: 'SELECT typeof(x) FROM t' },
  { fragment: "DOUBLE '0.0'", sql: "SELECT DOUBLE '0.0'" },
  { fragment: "timestamp '2022-06-17 01:00'", sql: "SELECT * FROM t WHERE time > timestamp '2022-06-17 01:00'" },
  { fragment: "date '2022-05-21'", sql: "SELECT date '2022-05-21'" },
  { fragment: 'SHOW DATABASES [LIKE p]', sql: "SHOW DATABASES LIKE 'dev%'" },
  { fragment: 'SHOW TABLES [FROM db] [LIKE p]', sql: "SHOW TABLES FROM db LIKE 'cpu%'" },
  { fragment: 'SHOW MEASURES FROM db.tbl [LIKE p]', sql: "SHOW MEASURES FROM db.tbl LIKE 'cpu%'" },
  { fragment: 'DESCRIBE db.tbl', sql: 'DESCRIBE db.tbl' },
  {
    fragment: 'time BETWEEN bin(@scheduled_runtime, 1d) - 1d AND bin(@scheduled_runtime, 1d)',
    sql: 'SELECT avg(measure_value::double) FROM db.t WHERE time BETWEEN bin(@scheduled_runtime, 1d) - 1d AND bin(@scheduled_runtime, 1d)',
  },
  { fragment: "`interval '2' day`", sql: "SELECT ago(interval '2' day)" },
  { fragment: '`15s`, `12second`, `21hour`, `2d`, `1m`, `26h`', sql: 'SELECT 15s, 12second, 21hour, 2d, 1m, 26h' },
  { fragment: "time BETWEEN '2023-09-19' AND '2023-11-01'", sql: "SELECT * FROM t WHERE time BETWEEN '2023-09-19' AND '2023-11-01'" },
  { fragment: 'sequence(start_ts, stop_ts, step_interval)', sql: 'SELECT sequence(start_ts, stop_ts, 1m) FROM t' },
  { fragment: "current_timezone() → 'UTC'", sql: 'SELECT current_timezone()' },
  { fragment: 'date_add(unit, n, timestamp)', sql: "SELECT date_add('day', 1, time) FROM t" },
  { fragment: 'date_diff(unit, t1, t2)', sql: "SELECT date_diff('hour', t1, t2) FROM t" },
  { fragment: 'extract(field FROM x)', sql: 'SELECT extract(HOUR FROM time) FROM t' },
  { fragment: 'position(s IN x)', sql: "SELECT position('-' IN hostname) FROM t" },
  { fragment: 'max_by(x, y, n)', sql: 'SELECT max_by(x, y, 3) FROM t' },
  { fragment: 'approx_percentile(x, p)', sql: 'SELECT approx_percentile(x, 0.99) FROM t' },
  { fragment: 'count(DISTINCT x)', sql: 'SELECT count(DISTINCT x), count(*), count(x) FROM t' },
  { fragment: "hostname = 'host-Hovjv'", sql: 'SELECT * FROM "sampleDB".DevOps WHERE hostname = \'host-Hovjv\'' },
  { fragment: "measure_name = 'cpu_utilization'", sql: 'SELECT * FROM "sampleDB".DevOps WHERE measure_name = \'cpu_utilization\'' },
  { fragment: 'SUM(x) OVER (ORDER BY time)', sql: 'SELECT SUM(x) OVER (ORDER BY time) FROM t' },
  { fragment: 'interpolate_linear(timeseries, timestamp)', sql: 'SELECT interpolate_linear(ts, now()) FROM t' },
  {
    fragment: 'integral_trapezoidal(timeseries(double|bigint|integer) [, interval day to second])',
    sql: 'SELECT integral_trapezoidal(ts, 1s) FROM t',
  },
  { fragment: 'split_part(x,d,pos)', sql: "SELECT split_part(x, '-', 2) FROM t" },
  { fragment: 'regexp_replace(s, p[, repl | lambda])', sql: "SELECT regexp_replace(s, '(\\d+)', x -> upper(x[1])) FROM t" },
  { fragment: '`IF(cond, a[, b])`', sql: 'SELECT IF(a > 1, a, b) FROM t' },
  { fragment: 'ORDER BY expr [ASC|DESC] [NULLS FIRST|LAST] LIMIT [n|ALL]', sql: 'SELECT a FROM t ORDER BY a DESC NULLS FIRST LIMIT ALL' },
  { fragment: 'GROUP BY [ALL|DISTINCT]', sql: 'SELECT a FROM t GROUP BY DISTINCT a' },
];

/** The Timestream-dialect TSBS queries described in the benchmarks note (§2.3), written out. */
export const TSBS_TIMESTREAM_QUERIES: readonly string[] = [
  `SELECT bin(time, 60s) AS minute,
     max(CASE WHEN measure_name = 'usage_user' THEN measure_value::double END) AS max_usage_user
   FROM "benchmark"."cpu"
   WHERE hostname IN ('host_9') AND measure_name = 'usage_user' AND time >= '2016-01-01 00:00:00' AND time < '2016-01-01 01:00:00'
   GROUP BY bin(time, 60s) ORDER BY minute`,
  `SELECT bin(time, 3600s) AS hour, hostname,
     avg(CASE WHEN measure_name = 'usage_user' THEN measure_value::double END) AS mean_usage_user,
     avg(CASE WHEN measure_name = 'usage_system' THEN measure_value::double END) AS mean_usage_system
   FROM "benchmark"."cpu"
   WHERE (measure_name = 'usage_user' OR measure_name = 'usage_system') AND time >= from_milliseconds(1451606400000) AND time < from_milliseconds(1451649600000)
   GROUP BY 1, 2 ORDER BY 1, 2`,
  `WITH high AS (
     SELECT hostname, time FROM "benchmark"."cpu"
     WHERE measure_name = 'usage_user' AND measure_value::double > 90.0 AND time >= ago(12h)
   )
   SELECT c.hostname, c.time, c.measure_name, c.measure_value::double
   FROM high h JOIN "benchmark"."cpu" c ON h.hostname = c.hostname AND h.time = c.time`,
  `SELECT bin(time, 1m) AS minute, max(measure_value::double) AS max_usage_user
   FROM "benchmark"."cpu"
   WHERE measure_name = 'usage_user' AND time < from_iso8601_timestamp('2016-01-02T00:00:00Z')
   GROUP BY 1 ORDER BY 1 DESC LIMIT 5`,
  `WITH latest_recorded_time AS (
     SELECT hostname, measure_name, max(time) AS latest_time FROM "benchmark"."cpu" GROUP BY hostname, measure_name
   )
   SELECT b.hostname, b.measure_name, b.measure_value::double, b.time
   FROM latest_recorded_time a JOIN "benchmark"."cpu" b
   ON a.hostname = b.hostname AND a.latest_time = b.time AND a.measure_name = b.measure_name
   ORDER BY hostname, measure_name`,
];

/** Queries in the style of Timestream's documented samples on the DevOps and IoT sample tables (§7.1 B–D). */
export const SAMPLE_STYLE_QUERIES: readonly string[] = [
  `SELECT region, az, hostname, BIN(time, 15s) AS binned_timestamp,
     ROUND(AVG(measure_value::double), 2) AS avg_cpu_utilization,
     ROUND(APPROX_PERCENTILE(measure_value::double, 0.9), 2) AS p90_cpu_utilization,
     ROUND(APPROX_PERCENTILE(measure_value::double, 0.99), 2) AS p99_cpu_utilization
   FROM "sampleDB".DevOps
   WHERE measure_name = 'cpu_utilization' AND region = 'us-east-1' AND hostname = 'host-Hovjv' AND time > ago(2h)
   GROUP BY region, hostname, az, BIN(time, 15s)
   ORDER BY binned_timestamp ASC`,
  `WITH binned_timeseries AS (
     SELECT hostname, BIN(time, 30s) AS binned_timestamp, ROUND(AVG(measure_value::double), 2) AS avg_cpu_utilization
     FROM "sampleDB".DevOps
     WHERE measure_name = 'cpu_utilization' AND hostname = 'host-Hovjv' AND time > ago(2h)
     GROUP BY hostname, BIN(time, 30s)
   ), interpolated_timeseries AS (
     SELECT hostname,
       INTERPOLATE_LINEAR(
         CREATE_TIME_SERIES(binned_timestamp, avg_cpu_utilization),
         SEQUENCE(min(binned_timestamp), max(binned_timestamp), 15s)) AS interpolated_avg_cpu_utilization
     FROM binned_timeseries
     GROUP BY hostname
   )
   SELECT time, ROUND(value, 2) AS interpolated_cpu
   FROM interpolated_timeseries
   CROSS JOIN UNNEST(interpolated_avg_cpu_utilization)`,
  `WITH avg_fleet_utilization AS (
     SELECT COUNT(DISTINCT hostname) AS total_host_count, AVG(measure_value::double) AS fleet_avg_cpu_utilization
     FROM "sampleDB".DevOps
     WHERE measure_name = 'cpu_utilization' AND time > ago(2h)
   ), avg_per_host_cpu AS (
     SELECT region, az, hostname, AVG(measure_value::double) AS avg_cpu_utilization
     FROM "sampleDB".DevOps
     WHERE measure_name = 'cpu_utilization' AND time > ago(2h)
     GROUP BY region, az, hostname
   )
   SELECT region, az, hostname, avg_cpu_utilization, fleet_avg_cpu_utilization
   FROM avg_fleet_utilization, avg_per_host_cpu
   WHERE avg_cpu_utilization > 1.1 * fleet_avg_cpu_utilization
   ORDER BY avg_cpu_utilization DESC`,
  `SELECT hostname,
     reduce(
       create_time_series(time, measure_value::double),
       CAST(ROW(0.0, 0) AS ROW(sum DOUBLE, count INTEGER)),
       (s, x) -> CAST(ROW(x.value + s.sum, s.count + 1) AS ROW(sum DOUBLE, count INTEGER)),
       s -> IF(s.count = 0, NULL, s.sum / s.count)) AS avg_cpu
   FROM "sampleDB".DevOps
   WHERE measure_name = 'cpu_utilization' AND time > ago(1h)
   GROUP BY hostname`,
  `SELECT hostname, derivative_linear(create_time_series(time, measure_value::double), 1m) AS rate
   FROM "sampleDB".DevOps WHERE measure_name = 'network_bytes_in' AND time > ago(1d) GROUP BY hostname`,
  `SELECT filter(create_time_series(time, measure_value::double), x -> x.value > 50.0 AND x.time > ago(10m)) AS busy
   FROM "sampleDB".DevOps WHERE measure_name = 'cpu_utilization' AND time > ago(1h) GROUP BY hostname`,
  `SELECT truck_id, fleet, fuel_capacity, model, load_capacity, make, measure_name
   FROM "sampleDB".IoT
   GROUP BY truck_id, fleet, fuel_capacity, model, load_capacity, make, measure_name`,
  `WITH last_reported_location AS (
     SELECT truck_id, fleet, make, model, time, measure_value::varchar AS location,
       ROW_NUMBER() OVER (PARTITION BY truck_id ORDER BY time DESC) AS rn
     FROM "sampleDB".IoT
     WHERE measure_name = 'location' AND time > ago(24h)
   )
   SELECT truck_id, fleet, make, model, location FROM last_reported_location WHERE rn = 1`,
  `SELECT gpio, time, temperature, humidity,
     avg(temperature) OVER (PARTITION BY gpio ORDER BY time ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) AS smoothed,
     lag(temperature, 1) IGNORE NULLS OVER (PARTITION BY gpio ORDER BY time) AS previous
   FROM "sensors"."sensor_events"
   WHERE measure_name = 'metric' AND time BETWEEN ago(7d) AND now()
   ORDER BY gpio, time`,
  `SELECT e.gpio, d.name, max(e.temperature) AS max_temperature
   FROM "sensors"."sensor_events" e
   LEFT JOIN "sensors"."sensor_details" d ON e.gpio = d.gpio AND d.status = 'active'
   WHERE e.time > ago(1d)
   GROUP BY e.gpio, d.name
   HAVING max(e.temperature) > 80
   ORDER BY max_temperature DESC NULLS LAST
   LIMIT 10`,
  `SELECT device_id, building,
     interpolate_locf(create_time_series(time, temperature), sequence(ago(1h), now(), 1m)) AS filled
   FROM iot.sensors WHERE time > ago(1h) GROUP BY device_id, building`,
  `SELECT date_trunc('hour', time) AS hour, count(*) AS events, count_if(task_end_state = 'THROTTLED') AS throttled
   FROM devops.events WHERE measure_name = 'events' AND time > ago(3h)
   GROUP BY 1 ORDER BY 1`,
  `SELECT * FROM devops.metrics
   WHERE time > ago(15m) AND instance_name LIKE 'i-%-apollo-%' AND microservice_name IN ('apollo', 'zeus')
   AND cpu_user IS NOT NULL
   ORDER BY time DESC LIMIT 100`,
];

/** Every full query above. */
export const ALL_CORPUS_QUERIES: readonly string[] = [
  ...REFERENCE_FRAGMENTS.map((entry) => entry.sql),
  ...TSBS_TIMESTREAM_QUERIES,
  ...SAMPLE_STYLE_QUERIES,
];
