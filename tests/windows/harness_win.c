/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * harness_win.c - the test runner of the Windows build (harness.h's interface, run
 * under wine in CI). Each test runs in a child process of its own (this program started
 * again with "--one FILE:NAME"), so a crash or a failed check ends that test alone; the
 * runner prints one line per test and closes with "N passed, N failed, N skipped". A
 * skip is named with its reason; under CI=true a skip that tests/skips.txt does not
 * allow for the "windows" build fails instead.
 */
#include <windows.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../harness.h"

#define SKIP_STATUS 77
#define TEST_TIMEOUT_MS 300000

struct test {
    const char *name;
    const char *file;
    test_fn fn;
};

static struct test *tests;
static size_t ntests, captests;

void harness_register(const char *name, const char *file, test_fn fn)
{
    if (ntests == captests) {
        captests = captests ? captests * 2 : 64;
        tests = realloc(tests, captests * sizeof(*tests));
        if (!tests)
            abort();
    }
    const char *base = strrchr(file, '/');
    tests[ntests++] = (struct test){name, base ? base + 1 : file, fn};
}

void harness_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "    %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    fflush(stderr);
    exit(1);
}

void harness_skip(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "    skipped: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    fflush(stderr);
    exit(SKIP_STATUS);
}

void harness_need(int present, const char *file, int line, const char *fmt, ...)
{
    if (present)
        return;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    if (in_ci())
        harness_fail(file, line, "missing under CI, where the test command installs it: %s", what);
    harness_skip("%s", what);
}

const char *source_dir(void)
{
    return PSUTIL_SOURCE_DIR;
}

const char *build_dir(void)
{
    const char *e = getenv("PSUTIL_BUILD_DIR");
    return e && *e ? e : PSUTIL_BUILD_DIR;
}

int in_ci(void)
{
    const char *e = getenv("CI");
    return e && strcmp(e, "true") == 0;
}

double now(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
}

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b = realloc(buf, cap * 2 + 1);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
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

/* 1 when tests/skips.txt lets "file:name" skip in the windows build. */
static int skip_allowed(const char *full)
{
    char path[1024], line[1024];
    snprintf(path, sizeof(path), "%s/tests/skips.txt", source_dir());
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int ok = 0;
    while (!ok && fgets(line, sizeof(line), f)) {
        char name[512], build[32];
        if (line[0] == '#' || sscanf(line, "%511s %31s", name, build) != 2)
            continue;
        ok = strcmp(name, full) == 0 && strcmp(build, "windows") == 0;
    }
    fclose(f);
    return ok;
}

static int cmp_test(const void *a, const void *b)
{
    const struct test *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : strcmp(x->name, y->name);
}

static int selected(const struct test *t, int argc, char **argv)
{
    char full[512];
    if (argc < 2)
        return 1;
    snprintf(full, sizeof(full), "%s:%s", t->file, t->name);
    for (int i = 1; i < argc; i++)
        if (strstr(full, argv[i]))
            return 1;
    return 0;
}

/* Runs one test in a child: this program with "--one FILE:NAME". Its exit code, or -1
 * when it ran out of time (it is then ended). */
static int run_child(const char *full)
{
    char self[MAX_PATH], cmd[MAX_PATH + 600];
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(cmd, sizeof(cmd), "\"%s\" --one %s", self, full);
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
        return -2;
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
    return timed_out ? -1 : (int)code;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (ntests > 1)
        qsort(tests, ntests, sizeof(*tests), cmp_test);
    if (argc == 3 && strcmp(argv[1], "--one") == 0) {
        for (size_t i = 0; i < ntests; i++) {
            char full[512];
            snprintf(full, sizeof(full), "%s:%s", tests[i].file, tests[i].name);
            if (strcmp(full, argv[2]) == 0) {
                tests[i].fn();
                fflush(NULL);
                return 0;
            }
        }
        fprintf(stderr, "no test %s\n", argv[2]);
        return 2;
    }
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < ntests; i++)
            printf("%s:%s\n", tests[i].file, tests[i].name);
        return 0;
    }
    size_t passed = 0, failed = 0, skipped = 0, nskips = 0;
    const struct test *skips[64];
    for (size_t i = 0; i < ntests; i++) {
        const struct test *t = &tests[i];
        if (!selected(t, argc, argv))
            continue;
        char full[512];
        snprintf(full, sizeof(full), "%s:%s", t->file, t->name);
        int code = run_child(full);
        if (code == 0) {
            printf("PASS %s\n", full);
            passed++;
        } else if (code == SKIP_STATUS && (!in_ci() || skip_allowed(full))) {
            printf("SKIP %s\n", full);
            skipped++;
            if (nskips < sizeof(skips) / sizeof(skips[0]))
                skips[nskips++] = t;
        } else {
            const char *why = code == -1   ? " (timed out)"
                              : code == -2 ? " (could not start)"
                              : code == SKIP_STATUS
                                  ? " (skipped under CI; not on tests/skips.txt for windows)"
                                  : "";
            printf("FAIL %s (exit %d)%s\n", full, code, why);
            failed++;
        }
    }
    for (size_t i = 0; i < nskips; i++)
        printf("%sskipped: %s:%s\n", i ? "" : "\n", skips[i]->file, skips[i]->name);
    printf("\n%zu passed, %zu failed, %zu skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
