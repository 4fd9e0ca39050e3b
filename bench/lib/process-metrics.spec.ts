import { metricSum, processDuringRun } from './process-metrics';

const scrape = (lagP99: number, lagMax: number, gc: { minor: [number, number]; major: [number, number] }) => [
  '# HELP nodejs_eventloop_lag_p99_seconds The 99th percentile of the recorded event loop delays.',
  '# TYPE nodejs_eventloop_lag_p99_seconds gauge',
  `nodejs_eventloop_lag_p99_seconds{service="api"} ${lagP99}`,
  `nodejs_eventloop_lag_max_seconds{service="api"} ${lagMax}`,
  `nodejs_eventloop_lag_p99_seconds_extra{service="api"} 99`,
  `nodejs_gc_duration_seconds_bucket{le="0.001",service="api",kind="minor"} 3`,
  `nodejs_gc_duration_seconds_sum{service="api",kind="minor"} ${gc.minor[0]}`,
  `nodejs_gc_duration_seconds_count{service="api",kind="minor"} ${gc.minor[1]}`,
  `nodejs_gc_duration_seconds_sum{service="api",kind="major"} ${gc.major[0]}`,
  `nodejs_gc_duration_seconds_count{service="api",kind="major"} ${gc.major[1]}`,
].join('\n');

describe('a service process during a run, from its /metrics', () => {
  it('gives how late the event loop ran (over the 10 ms sampling) and the garbage collection between the two scrapes, over all kinds', () => {
    const before = scrape(0.0104, 0.0112, { minor: [0.5, 100], major: [0.2, 2] });
    const after = scrape(0.0121, 0.0253, { minor: [0.62, 160], major: [0.23, 3] });
    const p = processDuringRun(before, after);
    expect(p.loopLateP99Ms).toBeCloseTo(2.1, 6);
    expect(p.loopLateMaxMs).toBeCloseTo(15.3, 6);
    expect(p.gcMs).toBeCloseTo(150, 6);
    expect(p.gcPauses).toBe(61);
  });

  it('says n/a for a metric the service does not give, rather than 0', () => {
    expect(metricSum('process_cpu_seconds_total 1.5', 'nodejs_gc_duration_seconds_sum')).toBeNaN();
    expect(processDuringRun('', '').loopLateMaxMs).toBeNaN();
  });
});
