/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * harness_core.c - what the test runners share, in portable C: registration, failing and
 * skipping a test, the skip list (tests/skips.txt), selection by "file:name", the
 * closing "N passed, N failed, N skipped" line, and the file and text helpers of
 * harness.h. Each runner (harness.c: a fork per test; windows/harness_win.c: a child
 * process per test) runs the tests its own way through harness_main.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct harness_test *tests;
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
    tests[ntests++] = (struct harness_test){name, base ? base + 1 : file, fn};
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
    exit(HARNESS_SKIP_STATUS);
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

/* 1 when tests/skips.txt lets "file:name" skip in this build (see that file):
 * build_ok says which of the file's BUILD words are this build. */
static int skip_allowed(const char *full, int (*build_ok)(const char *build))
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
        ok = strcmp(name, full) == 0 && build_ok(build);
    }
    fclose(f);
    return ok;
}

static int cmp_test(const void *a, const void *b)
{
    const struct harness_test *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : strcmp(x->name, y->name);
}

static int selected(const struct harness_test *t, int argc, char **argv)
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

const struct harness_test *harness_find(const char *full)
{
    for (size_t i = 0; i < ntests; i++) {
        char name[512];
        snprintf(name, sizeof(name), "%s:%s", tests[i].file, tests[i].name);
        if (strcmp(name, full) == 0)
            return &tests[i];
    }
    return NULL;
}

int harness_main(int argc, char **argv,
                 int (*run_one)(const struct harness_test *t, char *why, size_t why_size),
                 int (*build_ok)(const char *build))
{
    size_t passed = 0, failed = 0, skipped = 0, nskips = 0;
    const struct harness_test *skips[64];
    if (ntests > 1)
        qsort(tests, ntests, sizeof(*tests), cmp_test);
    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < ntests; i++)
            printf("%s:%s\n", tests[i].file, tests[i].name);
        return 0;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t i = 0; i < ntests; i++) {
        const struct harness_test *t = &tests[i];
        if (!selected(t, argc, argv))
            continue;
        char why[96] = "", full[512];
        snprintf(full, sizeof(full), "%s:%s", t->file, t->name);
        fflush(stdout);
        fflush(stderr);
        int st = run_one(t, why, sizeof(why));
        const char *verdict;
        if (st == 0) {
            verdict = "PASS";
            passed++;
        } else if (st == HARNESS_SKIP_STATUS && (!in_ci() || skip_allowed(full, build_ok))) {
            verdict = "SKIP";
            skipped++;
            if (nskips < sizeof(skips) / sizeof(skips[0]))
                skips[nskips++] = t;
        } else {
            verdict = "FAIL";
            failed++;
            if (st == HARNESS_SKIP_STATUS)
                snprintf(why, sizeof(why), " (skipped under CI; not on tests/skips.txt)");
        }
        printf("%s %s%s\n", verdict, full, why);
    }
    /* Skips are named again at the end, so none goes unseen in a long log. */
    for (size_t i = 0; i < nskips; i++)
        printf("%sskipped: %s:%s\n", i ? "" : "\n", skips[i]->file, skips[i]->name);
    if (skipped > nskips)
        printf("skipped: %zu more (each marked SKIP above)\n", skipped - nskips);
    printf("\n%zu passed, %zu failed, %zu skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}

/* --- helpers ------------------------------------------------------------------------ */

const char *source_dir(void)
{
    return PSUTIL_SOURCE_DIR;
}

const char *build_dir(void)
{
    const char *b = getenv("PSUTIL_BUILD_DIR");
    return b && *b ? b : PSUTIL_BUILD_DIR;
}

const char *fixture(const char *rel)
{
    static char slots[8][1024];
    static int next;
    char *buf = slots[next++ % 8];
    snprintf(buf, sizeof(slots[0]), "%s/tests/fixtures/linux/%s", source_dir(), rel);
    return buf;
}

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t n = 0, cap = 0;
    if (!f)
        return NULL;
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            data = realloc(data, cap);
            if (!data)
                abort();
        }
        size_t got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
}

int field_u64(const char *text, const char *prefix, int idx, unsigned long long *out)
{
    size_t plen = strlen(prefix);
    for (const char *line = text; line && *line;) {
        if (strncmp(line, prefix, plen) == 0) {
            const char *p = line;
            for (int i = 0;; i++) {
                while (*p == ' ' || *p == '\t')
                    p++;
                if (*p == '\n' || *p == '\0')
                    return -1;
                if (i == idx) {
                    char *end;
                    errno = 0;
                    *out = strtoull(p, &end, 10);
                    return errno || end == p ? -1 : 0;
                }
                while (*p && *p != ' ' && *p != '\t' && *p != '\n')
                    p++;
            }
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return -1;
}

int in_ci(void)
{
    const char *ci = getenv("CI");
    return ci && strcmp(ci, "true") == 0;
}
