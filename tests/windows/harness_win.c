/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * harness_win.c - the test runner of the Windows build (run under wine in CI): each test
 * runs in a child process of its own (this program started again with "--one
 * FILE:NAME"), in a job that ends whatever it started, so a crash or a failed check ends
 * that test alone; the rest of the runner (selection, skips, the closing line) is
 * harness_core.c's, with "windows" as this build's word in tests/skips.txt. Also the
 * helpers of harness.h that need the OS: commands and the clock.
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"

#define TEST_TIMEOUT_MS 300000

double now(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
}

int run(const char *cmd, char **out)
{
    FILE *p = _popen(cmd, "rb");
    if (!p) {
        if (out)
            *out = NULL;
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, p)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap * 2 + 1);
            if (!b)
                break;
            buf = b;
            cap *= 2;
        }
    }
    if (buf)
        buf[n] = '\0';
    int st = _pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return st;
}

static int build_ok(const char *build)
{
    return strcmp(build, "windows") == 0;
}

/* Runs one test in a child: this program with "--one FILE:NAME". Its exit code (0, or
 * HARNESS_SKIP_STATUS), else -1 with why set. */
static int run_one(const struct harness_test *t, char *why, size_t why_size)
{
    char self[MAX_PATH], cmd[MAX_PATH + 600];
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(cmd, sizeof(cmd), "\"%s\" --one %s:%s", self, t->file, t->name);
    STARTUPINFOA si = {.cb = sizeof(si)};
    PROCESS_INFORMATION pi;
    /* The test and every process it starts share a job that ends them all when the
     * runner closes it: a failed check leaves no child behind. */
    HANDLE job = CreateJobObjectA(NULL, NULL);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION lim;
    memset(&lim, 0, sizeof(lim));
    lim.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (job)
        SetInformationJobObject(job, JobObjectExtendedLimitInformation, &lim, sizeof(lim));
    fflush(NULL);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si, &pi)) {
        if (job)
            CloseHandle(job);
        snprintf(why, why_size, " (could not start: error %lu)", (unsigned long)GetLastError());
        return -1;
    }
    if (job)
        AssignProcessToJobObject(job, pi.hProcess);
    ResumeThread(pi.hThread);
    CloseHandle(pi.hThread);
    DWORD code = 1;
    int timed_out = WaitForSingleObject(pi.hProcess, TEST_TIMEOUT_MS) == WAIT_TIMEOUT;
    if (timed_out) {
        TerminateProcess(pi.hProcess, 1);
        WaitForSingleObject(pi.hProcess, INFINITE);
    }
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    if (job)
        CloseHandle(job);
    if (timed_out) {
        snprintf(why, why_size, " (timed out)");
        return -1;
    }
    if (code == 0 || code == HARNESS_SKIP_STATUS)
        return (int)code;
    snprintf(why, why_size, " (exit %lu)", (unsigned long)code);
    return -1;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 3 && strcmp(argv[1], "--one") == 0) {
        const struct harness_test *t = harness_find(argv[2]);
        if (!t) {
            fprintf(stderr, "no test %s\n", argv[2]);
            return 2;
        }
        t->fn();
        fflush(NULL);
        return 0;
    }
    return harness_main(argc, argv, run_one, build_ok);
}
