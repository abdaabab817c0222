import type { Dashboard } from './model/types.ts';

/**
 * Dashboards a new user finds on first visit: one over the sample data (sampleDB.DevOps, which
 * the first start offers to install) and one over the live demo stream (db `demo`).
 */
export function exampleDashboards(): Dashboard[] {
  return [devopsExample(), demoExample()];
}

const DEVOPS = '"sampleDB"."DevOps"';

function devopsExample(): Dashboard {
  return {
    schemaVersion: 1,
    id: 'example-devops',
    title: 'DevOps hosts (sample data)',
    time: { kind: 'relative', last: '6h' },
    refresh: 'off',
    live: false,
    variables: [
      {
        name: 'host',
        label: 'Host',
        source: { kind: 'query', sql: `SELECT DISTINCT hostname FROM ${DEVOPS} ORDER BY hostname` },
        multi: true,
        current: [],
      },
    ],
    panels: [
      {
        id: 'cpu',
        title: 'CPU utilisation by host',
        sql: `SELECT bin(time, $__interval) AS t, hostname, avg(measure_value::double) AS cpu
FROM ${DEVOPS}
WHERE measure_name = 'cpu_utilization' AND hostname IN ($host) AND $__timeFilter
GROUP BY 1, 2 ORDER BY 1`,
        visual: { kind: 'timeseries', style: 'line' },
        unit: '%',
        thresholds: [{ value: 90, color: 'red' }],
        grid: { x: 0, y: 0, w: 16, h: 9 },
      },
      {
        id: 'cpu-now',
        title: 'CPU now',
        sql: `SELECT bin(time, $__interval) AS t, avg(measure_value::double) AS cpu
FROM ${DEVOPS}
WHERE measure_name = 'cpu_utilization' AND hostname IN ($host) AND $__timeFilter
GROUP BY 1 ORDER BY 1`,
        visual: { kind: 'stat', reducer: 'last' },
        unit: '%',
        thresholds: [
          { value: 0, color: 'green' },
          { value: 70, color: 'yellow' },
          { value: 90, color: 'red' },
        ],
        grid: { x: 16, y: 0, w: 8, h: 4 },
      },
      {
        id: 'mem-max',
        title: 'Memory peak',
        sql: `SELECT bin(time, $__interval) AS t, max(measure_value::double) AS memory
FROM ${DEVOPS}
WHERE measure_name = 'memory_utilization' AND hostname IN ($host) AND $__timeFilter
GROUP BY 1 ORDER BY 1`,
        visual: { kind: 'stat', reducer: 'max' },
        unit: '%',
        thresholds: [
          { value: 0, color: 'green' },
          { value: 80, color: 'orange' },
        ],
        grid: { x: 16, y: 4, w: 8, h: 5 },
      },
      {
        id: 'memory',
        title: 'Memory utilisation',
        sql: `SELECT bin(time, $__interval) AS t, hostname, avg(measure_value::double) AS memory
FROM ${DEVOPS}
WHERE measure_name = 'memory_utilization' AND hostname IN ($host) AND $__timeFilter
GROUP BY 1, 2 ORDER BY 1`,
        visual: { kind: 'timeseries', style: 'area' },
        unit: '%',
        thresholds: [{ value: 80, color: 'orange' }],
        grid: { x: 0, y: 9, w: 12, h: 8 },
      },
      {
        id: 'busiest',
        title: 'Busiest hosts',
        sql: `SELECT hostname, round(avg(measure_value::double), 1) AS avg_cpu, round(max(measure_value::double), 1) AS max_cpu
FROM ${DEVOPS}
WHERE measure_name = 'cpu_utilization' AND $__timeFilter
GROUP BY hostname ORDER BY avg_cpu DESC LIMIT 10`,
        visual: { kind: 'table' },
        unit: '',
        thresholds: [],
        grid: { x: 12, y: 9, w: 12, h: 8 },
      },
    ],
    updatedMs: 0,
  };
}

function demoExample(): Dashboard {
  return {
    schemaVersion: 1,
    id: 'example-demo',
    title: 'Live demo stream',
    time: { kind: 'relative', last: '5m' },
    refresh: 'off',
    live: true,
    variables: [],
    panels: [
      {
        id: 'temperature',
        title: 'Temperature by sensor',
        sql: `SELECT bin(time, $__interval) AS t, device_id, avg(measure_value::double) AS temperature
FROM "demo"."sensors"
WHERE measure_name = 'temperature' AND $__timeFilter
GROUP BY 1, 2 ORDER BY 1`,
        visual: { kind: 'timeseries', style: 'line' },
        unit: '°C',
        thresholds: [{ value: 30, color: 'red' }],
        grid: { x: 0, y: 0, w: 16, h: 9 },
      },
      {
        id: 'temperature-now',
        title: 'Warmest sensor',
        sql: `SELECT bin(time, $__interval) AS t, max(measure_value::double) AS temperature
FROM "demo"."sensors"
WHERE measure_name = 'temperature' AND $__timeFilter
GROUP BY 1 ORDER BY 1`,
        visual: { kind: 'stat', reducer: 'last' },
        unit: '°C',
        thresholds: [
          { value: 0, color: 'blue' },
          { value: 20, color: 'green' },
          { value: 30, color: 'red' },
        ],
        grid: { x: 16, y: 0, w: 8, h: 4 },
      },
      {
        id: 'humidity-mean',
        title: 'Mean humidity',
        sql: `SELECT bin(time, $__interval) AS t, avg(measure_value::double) AS humidity
FROM "demo"."sensors"
WHERE measure_name = 'humidity' AND $__timeFilter
GROUP BY 1 ORDER BY 1`,
        visual: { kind: 'stat', reducer: 'mean' },
        unit: '%',
        thresholds: [
          { value: 0, color: 'green' },
          { value: 60, color: 'orange' },
        ],
        grid: { x: 16, y: 4, w: 8, h: 5 },
      },
      {
        id: 'host-cpu',
        title: 'Host CPU',
        sql: `SELECT bin(time, $__interval) AS t, hostname, avg(measure_value::double) AS cpu
FROM "demo"."hosts"
WHERE measure_name = 'cpu_utilization' AND $__timeFilter
GROUP BY 1, 2 ORDER BY 1`,
        visual: { kind: 'timeseries', style: 'area' },
        unit: '%',
        thresholds: [{ value: 90, color: 'red' }],
        grid: { x: 0, y: 9, w: 24, h: 8 },
      },
    ],
    updatedMs: 0,
  };
}
