"""jupyter_kernel_test (0.4.5) against Parabook's kernel: every sample field the suite reads is set, so it runs
every test it can apply. Run by conformance/kernel-test.test.ts, which reads the JSON summary this prints last:
each test's (and sub-test's) outcome by name.

Two tests cannot apply, and stay skipped by the suite itself (their fields stay empty): test_pager needs a
kernel that answers with a "page" payload, and test_clear_output one that sends clear_output; Parabook shows help
as text and never clears a cell's output, in Jupyter as in its own app."""

import json
import os
import sys
import unittest

import jupyter_kernel_test


class ParabookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("PARABOOK_KERNEL_NAME", "parabook")
    language_name = "scheme"
    file_extension = ".scm"

    code_hello_world = '(display "hello, world")'
    code_stderr = '(display "to standard error" (current-error-port))'

    completion_samples = [
        {"text": "(vector-ref", "matches": {"vector-ref"}},
        {"text": "(string-up", "matches": {"string-upcase"}},
    ]

    complete_code_samples = ["(+ 1 2)", "(define (square x)\n  (* x x))", "%%time\n(+ 1 2)", "%lsmagic", ""]
    incomplete_code_samples = ["(define (square x)", '(display "no end', "%%px\n(list 1", "#| a comment"]
    invalid_code_samples = ["(+ 1 2))", ")"]

    code_generate_error = "(car 1)"

    code_execute_result = [
        {"code": "(+ 1 2)", "result": "3"},
        {"code": "(vector 1 2 3)", "result": "#3(1 2 3)"},
        {"code": '(string-append "a" "b")', "result": '"ab"'},
        {"code": "(/ 1 3)", "result": "1/3"},
    ]

    # %px shows how far the nodes are as a display (display_data, then update_display_data in place).
    code_display_data = [{"code": "%parallel scheme -n 1\n%px (+ 1 1)", "mime": "text/plain"}]

    code_history_pattern = "(+ 1 *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "(vector-ref"


class Outcomes(unittest.TestResult):
    """Each test's and sub-test's outcome, by name."""

    def __init__(self):
        super().__init__()
        self.outcomes = {}

    def _name(self, test):
        return test.id().split(".")[-1] if not isinstance(test, unittest.case._SubTest) else test.id().split(".", 2)[-1]

    def addSuccess(self, test):
        self.outcomes.setdefault(self._name(test), "passed")

    def addSkip(self, test, reason):
        self.outcomes[self._name(test)] = "skipped: " + reason

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.outcomes[self._name(test)] = "failed: " + self._exc_info_to_string(err, test)

    def addError(self, test, err):
        super().addError(test, err)
        self.outcomes[self._name(test)] = "error: " + self._exc_info_to_string(err, test)

    def addSubTest(self, test, subtest, err):
        if err is None:
            self.outcomes.setdefault(self._name(subtest), "passed")
        elif issubclass(err[0], test.failureException):
            self.addFailure(subtest, err)
        else:
            self.addError(subtest, err)


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(ParabookKernelTests)
    result = Outcomes()
    suite.run(result)
    print(json.dumps({"outcomes": result.outcomes}))
    sys.exit(0 if result.wasSuccessful() else 1)
