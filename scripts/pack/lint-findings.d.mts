interface LintMessage {
  code: string;
  file?: string;
  message: string;
}

export interface LintReport {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
  summary: { errors: number; warnings: number; notices: number };
}

export function unhashed(file: string): string;

export function lintProblems(report: LintReport, target: 'chrome' | 'firefox'): string[];
