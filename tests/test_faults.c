/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_faults.c - every public function with each system call it makes failing, one at
 * a time (tests/fault.h): for each class of call (open, read, getdents, readlink,
 * statvfs, socket, recv, ioctl), each errno that call can return, and the Nth call for
 * every N the function makes (for the walks over every process, whose N run to the
 * hundreds, the first 8 and 8 spread to the last; FAULT_ALL=1 tries all). Each time
 * the function must return 0 or a PSUTIL_E* code, leave that code in the last-error
 * record, write nothing on failure, answer ENOMEM with PSUTIL_ENOMEM, retry an EINTR
 * (the same result as without the fault), and leave no fd open; under the sanitizer
 * builds LeakSanitizer fails the test on any leak.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calls.h"
#include "fault.h"
#include "harness.h"
#include "soak.h"

enum { FILL = 0xA5, OUT_MAX = CALL_OUT_MAX };

/* --- the contract under a fault ------------------------------------------------------------ */

struct tally {
    long points, fired, failed, retried;
};

/* FAULT_LIST=1 in the environment lists every broken contract instead of stopping at the
 * first (for whoever fixes them). */
#undef CHECK_MSG
#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            if (!getenv("FAULT_LIST"))                                                             \
                harness_fail(__FILE__, __LINE__, __VA_ARGS__);                                     \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* Runs c once with the nth call of cls failing with err and checks the contract. */
static void one_fault(const struct call *c, int cls, long nth, int err, int clean_rc,
                      struct tally *t)
{
    unsigned char out[OUT_MAX];
    memset(out, FILL, sizeof(out));
    int fds = soak_fds(0);
    psutil_clear_error();
    fault_arm(cls, nth, err);
    int rc = c->run(out);
    fault_disarm();
    int fired = fault_fired();
    const char *what = fault_class_name(cls);
    t->points++;
    t->fired += fired;
    CHECK_MSG(rc <= 0 && rc >= PSUTIL_EOS, "%s, %s call %ld failing with %s: returned %d", c->name,
              what, nth, strerrorname_np(err), rc);
    CHECK_MSG(soak_fds(0) == fds, "%s, %s call %ld failing with %s: %d fds left open", c->name,
              what, nth, strerrorname_np(err), soak_fds(0) - fds);
    if (!fired)
        return;
    if (err == EINTR || err == EAGAIN) {
        /* A retry: EINTR of any call, EAGAIN of a read (procfs never blocks). */
        if (err == EINTR || cls == FAULT_READ || cls == FAULT_RECV) {
            CHECK_MSG(rc == clean_rc, "%s, %s call %ld failing with %s: %s, not retried", c->name,
                      what, nth, strerrorname_np(err), psutil_err_name(rc));
            t->retried++;
        }
    }
    /* A listing that fails part way must fail the call: a shorter list is lost data. */
    CHECK_MSG(rc != 0 || cls != FAULT_DENTS || err == ENOENT || c->rows,
              "%s, %s call %ld failing with %s: "
              "returned 0 (a listing cut short)",
              c->name, what, nth, strerrorname_np(err));
    if (rc == 0)
        return;
    t->failed++;
    psutil_error_info_t e;
    CHECK(psutil_last_error(&e) == 0);
    CHECK_MSG(e.code == rc, "%s, %s call %ld failing with %s: returned %s, recorded %s", c->name,
              what, nth, strerrorname_np(err), psutil_err_name(rc), psutil_err_name(e.code));
    CHECK_MSG(e.detail[0] != '\0' || e.path[0] != '\0',
              "%s, %s call %ld failing with %s: %s "
              "with no detail",
              c->name, what, nth, strerrorname_np(err), psutil_err_name(rc));
    for (size_t i = 0; i < c->size; i++)
        CHECK_MSG(out[i] == FILL,
                  "%s, %s call %ld failing with %s: returned %s but wrote its output", c->name,
                  what, nth, strerrorname_np(err), psutil_err_name(rc));
    if (err == ENOMEM)
        CHECK_MSG(rc == PSUTIL_ENOMEM, "%s, %s call %ld failing with ENOMEM: returned %s", c->name,
                  what, nth, psutil_err_name(rc));
}

/* The Ns tried for a function making count calls of a class: every one, but for the
 * walks over every process (hundreds of calls each) the first 8 and 8 spread to the
 * last (FAULT_ALL=1 in the environment tries every one of those too: minutes). */
static int tried(long n, long count, int heavy)
{
    if (!heavy || getenv("FAULT_ALL") || n <= 8 || n == count)
        return 1;
    long step = (count - 8) / 8 + 1;
    return (n - 8) % step == 0;
}

static void sweep(size_t first, size_t last, struct tally *t)
{
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        pause();
        _exit(0);
    }
    calls_target = child;
    psutil_set_max_threads(1);
    for (size_t i = first; i < last && i < ncalls; i++) {
        const struct call *c = &calls[i];
        unsigned char out[OUT_MAX];
        fault_arm(0, 0, 0);
        int clean_rc = c->run(out);
        fault_disarm();
        long counts[FAULT_NCLASSES];
        for (int k = 0; k < FAULT_NCLASSES; k++)
            counts[k] = fault_count(k);
        for (int k = 0; k < FAULT_NCLASSES; k++)
            for (long n = 1; n <= counts[k]; n++)
                if (tried(n, counts[k], c->heavy))
                    for (const int *e = fault_errnos(k); *e; e++)
                        one_fault(c, k, n, *e, clean_rc, t);
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
}

TEST(system_functions_survive_every_failing_syscall)
{
    struct tally t = {0};
    CHECK(strcmp(calls[CALLS_PROC].name, "proc_name") == 0);
    sweep(0, CALLS_PROC, &t);
    printf("fault points %ld, faults fired %ld, failed cleanly %ld, retried %ld\n", t.points,
           t.fired, t.failed, t.retried);
    CHECK(t.fired > 1000 && t.failed > 100 && t.retried > 10);
}

TEST(process_functions_survive_every_failing_syscall)
{
    struct tally t = {0};
    sweep(CALLS_PROC, ncalls, &t);
    printf("fault points %ld, faults fired %ld, failed cleanly %ld, retried %ld\n", t.points,
           t.fired, t.failed, t.retried);
    CHECK(t.fired > 1000 && t.failed > 100 && t.retried > 10);
}
