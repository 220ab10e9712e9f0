/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * harness.h - the test runner's interface. Each TEST runs in a forked child, so a
 * crash, a leak report or an abort fails that test alone; the runner prints one line
 * per test and closes with "N passed, N failed, N skipped". Also: helpers to read
 * files, run commands, and talk to Debian's python3-psutil as an oracle.
 */
#ifndef PSUTIL_TEST_HARNESS_H
#define PSUTIL_TEST_HARNESS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "psutil.h"

/* HARNESS_ASAN is 1 in the sanitizer builds (GCC defines __SANITIZE_ADDRESS__, clang
 * answers __has_feature), for the few tests that cannot run instrumented. */
#if defined(__SANITIZE_ADDRESS__)
#define HARNESS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HARNESS_ASAN 1
#endif
#endif
#ifndef HARNESS_ASAN
#define HARNESS_ASAN 0
#endif

/* printf-style checking; the Windows build (mingw-w64, C99 stdio) sets
 * PSUTIL__PRINTF_KIND to gnu_printf (Makefile). */
#ifndef PSUTIL__PRINTF_KIND
#define PSUTIL__PRINTF_KIND printf
#endif
#define HARNESS_PRINTF(fmt, args) __attribute__((format(PSUTIL__PRINTF_KIND, fmt, args)))

typedef void (*test_fn)(void);
void harness_register(const char *name, const char *file, test_fn fn);

/* The runner (harness_core.c): a registered test, the exit status of a skip, the test of
 * "file:name" (NULL when none), and the loop every runner shares: --list, selection by
 * the arguments, run_one per test (0 passed, HARNESS_SKIP_STATUS skipped, else failed
 * with why set), skips checked against tests/skips.txt by build_ok, the closing line. */
struct harness_test {
    const char *name;
    const char *file;
    test_fn fn;
};
#define HARNESS_SKIP_STATUS 77
const struct harness_test *harness_find(const char *full);
int harness_main(int argc, char **argv,
                 int (*run_one)(const struct harness_test *t, char *why, size_t why_size),
                 int (*build_ok)(const char *build));

#define TEST(name)                                                                                 \
    static void test_##name(void);                                                                 \
    __attribute__((constructor)) static void register_##name(void)                                 \
    {                                                                                              \
        harness_register(#name, __FILE__, test_##name);                                            \
    }                                                                                              \
    static void test_##name(void)

__attribute__((noreturn))
HARNESS_PRINTF(3, 4) void harness_fail(const char *file, int line, const char *fmt, ...);
/* Skips the running test, the reason printed. Under CI=true the runner counts the skip
 * as a failure unless tests/skips.txt allows it for this build. */
__attribute__((noreturn)) HARNESS_PRINTF(1, 2) void harness_skip(const char *fmt, ...);
/* A reference the test needs (a tool, a package): when !present, the test fails under
 * CI (the test command installs every reference) and is skipped elsewhere, with the
 * message saying what is missing. */
HARNESS_PRINTF(4, 5)
void harness_need(int present, const char *file, int line, const char *fmt, ...);
#define NEED(present, ...) harness_need((present), __FILE__, __LINE__, __VA_ARGS__)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            harness_fail(__FILE__, __LINE__, "%s", #cond);                                         \
    } while (0)
#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        if (!(cond))                                                                               \
            harness_fail(__FILE__, __LINE__, __VA_ARGS__);                                         \
    } while (0)
#define CHECK_RC(expr, want)                                                                       \
    do {                                                                                           \
        int rc_ = (expr), want_ = (want);                                                          \
        if (rc_ != want_)                                                                          \
            harness_fail(__FILE__, __LINE__, "%s returned %s, expected %s", #expr,                 \
                         psutil_err_name(rc_), psutil_err_name(want_));                            \
    } while (0)
#define CHECK_OK(expr) CHECK_RC(expr, 0)
#define CHECK_EQ_U64(a, b)                                                                         \
    do {                                                                                           \
        unsigned long long a_ = (a), b_ = (b);                                                     \
        if (a_ != b_)                                                                              \
            harness_fail(__FILE__, __LINE__, "%s = %llu, expected %s = %llu", #a, a_, #b, b_);     \
    } while (0)
/* |a - b| <= tol, with the tolerance's reason in the test next to it. */
#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double a_ = (double)(a), b_ = (double)(b);                                                 \
        if (!(fabs(a_ - b_) <= (double)(tol)))                                                     \
            harness_fail(__FILE__, __LINE__, "%s = %.6f, expected %s = %.6f (+/- %g)", #a, a_, #b, \
                         b_, (double)(tol));                                                       \
    } while (0)
/* lo - tol <= v <= hi + tol: a value read between two readings of a counter. */
#define CHECK_BETWEEN(v, lo, hi, tol)                                                              \
    do {                                                                                           \
        double v_ = (double)(v), lo_ = (double)(lo), hi_ = (double)(hi);                           \
        if (!(v_ >= lo_ - (tol) && v_ <= hi_ + (tol)))                                             \
            harness_fail(__FILE__, __LINE__, "%s = %.6f not in [%s, %s] = [%.6f, %.6f] +/- %g",    \
                         #v, v_, #lo, #hi, lo_, hi_, (double)(tol));                               \
    } while (0)

/* Paths. */
const char *source_dir(void);
const char *build_dir(void);
/* "<source>/tests/fixtures/linux/<rel>" in a static buffer per call slot (8 slots). */
const char *fixture(const char *rel);

/* Reads a whole file (NUL-terminated, malloc'd); NULL when it cannot. */
char *slurp(const char *path, size_t *len);

/* Runs a shell command; stores its stdout (malloc'd, may be NULL) and returns the exit
 * status (-1 when it did not exit normally). stderr goes to stderr unless redirected. */
int run(const char *cmd, char **out);

/* Picks the whitespace-separated field `idx` (0-based) of the first line starting with
 * `prefix` in text; -1 when absent. */
int field_u64(const char *text, const char *prefix, int idx, unsigned long long *out);

/* Runs the built psutil tool with args (a shell fragment); returns its stdout
 * (malloc'd) and sets *status to its exit status. */
char *tool(const char *args, int *status);

/* Parses json with Python's json module (failing the test if it is not JSON) and
 * evaluates a Python expression on it as `d`; returns the printed number. */
double json_eval(const char *json, const char *expr);

/* Points the procfs, sysfs and run roots at fixture directories (paths relative to
 * tests/fixtures/linux/); NULL leaves a root as it is. */
void use_roots(const char *proc, const char *sys, const char *run);

/* Seconds on the monotonic clock. */
double now(void);

/* 1 when running under CI=true. */
int in_ci(void);

/*
 * The oracle: /usr/bin/python3 with Debian's python3-psutil, run with a script that
 * prints "key value" lines and then "END". The process stays alive (waiting on stdin)
 * until oracle_finish(), so the caller can take its own reading while the oracle's
 * own memory is still in use. Without python3-psutil the test is skipped, or failed
 * under CI (the test command installs it).
 */
typedef struct oracle oracle;
oracle *oracle_start(const char *python_code);
double oracle_get(oracle *o, const char *key);
/* The value as text, exactly as printed (NULL when absent). */
const char *oracle_raw(oracle *o, const char *key);
/* The value printed as hex (Python: s.encode().hex()), decoded; "" when it was "-". The
 * result lives until oracle_finish. NULL when absent. */
const char *oracle_str(oracle *o, const char *key);
int oracle_has(oracle *o, const char *key);
void oracle_finish(oracle *o);

/* A busy child process (spins until killed); returns its pid. */
int spawn_spinner(void);
void kill_child(int pid);

#endif
