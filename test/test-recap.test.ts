import { describe, expect, it } from 'vitest';
import { recapOf, type Report } from './helpers/test-recap.ts';

const report = (testResults: Report['testResults'], success = true): Report => ({
  success,
  numPassedTests: testResults.flatMap((f) => f.assertionResults).filter((t) => t.status === 'passed').length,
  numFailedTests: testResults.flatMap((f) => f.assertionResults).filter((t) => t.status === 'failed').length,
  numPendingTests: 0,
  testResults,
});

describe('the test recap', () => {
  it('names each failed test with the first lines of its message, and a file that failed outside its tests', () => {
    const lines = recapOf(
      'unit',
      report(
        [
          {
            name: '/repo/src/a.test.ts',
            status: 'failed',
            message: '',
            assertionResults: [
              { fullName: 'a works', status: 'passed', failureMessages: [] },
              {
                fullName: 'a fails',
                status: 'failed',
                failureMessages: [
                  'AssertionError: expected 1 to be 2\n\n    at a.test.ts:3:7\n1\n2\n3\n4\n5',
                ],
              },
            ],
          },
          {
            name: '/repo/src/b.test.ts',
            status: 'failed',
            message: 'Error: hook timed out',
            assertionResults: [],
          },
        ],
        false,
      ),
      '/repo',
    );
    expect(lines[0]).toBe('unit: 1 passed, 1 failed, 0 skipped');
    expect(lines[1]).toBe(
      '  ✗ src/a.test.ts › a fails\n' +
        '      AssertionError: expected 1 to be 2\n      at a.test.ts:3:7\n      1\n      2\n      3\n      4',
    );
    expect(lines[2]).toBe('  ✗ src/b.test.ts\n      Error: hook timed out');
    expect(lines).toHaveLength(3);
  });

  it('says when the runner failed with every test passing', () => {
    const passing = [
      {
        name: '/repo/a.test.ts',
        status: 'passed',
        message: '',
        assertionResults: [{ fullName: 'a', status: 'passed', failureMessages: [] }],
      },
    ];
    expect(recapOf('e2e', report(passing), '/repo')).toEqual(['e2e: 1 passed, 0 failed, 0 skipped']);
    expect(recapOf('e2e', report(passing, false), '/repo')[1]).toMatch(/outside any test/);
  });
});
