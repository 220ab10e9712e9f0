/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_errors.c - the error model: distinct codes with names and texts, the "is gone"
 * helper, the thread-local last-error record, and the version.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "harness.h"

static const int all_codes[] = {PSUTIL_OK,       PSUTIL_ENOSUCHPROC, PSUTIL_EZOMBIE, PSUTIL_EACCES,
                                PSUTIL_ETIMEOUT, PSUTIL_EINVAL,      PSUTIL_ENOMEM,  PSUTIL_ENOBUFS,
                                PSUTIL_ENOTSUP,  PSUTIL_EPARSE,      PSUTIL_EOS};
#define NCODES (sizeof(all_codes) / sizeof(all_codes[0]))

TEST(every_code_has_a_distinct_name_and_text)
{
    for (size_t i = 0; i < NCODES; i++) {
        CHECK(strncmp(psutil_err_name(all_codes[i]), "PSUTIL_", 7) == 0);
        CHECK(strcmp(psutil_strerror(all_codes[i]), "unknown error") != 0);
        for (size_t j = 0; j < i; j++) {
            CHECK(all_codes[i] != all_codes[j]);
            CHECK(strcmp(psutil_err_name(all_codes[i]), psutil_err_name(all_codes[j])) != 0);
            CHECK(strcmp(psutil_strerror(all_codes[i]), psutil_strerror(all_codes[j])) != 0);
        }
    }
    CHECK(strcmp(psutil_err_name(PSUTIL_ENOSUCHPROC), "PSUTIL_ENOSUCHPROC") == 0);
    CHECK(strcmp(psutil_strerror(PSUTIL_EACCES), "access denied") == 0);
    CHECK(strcmp(psutil_strerror(-999), "unknown error") == 0);
    CHECK(strcmp(psutil_err_name(12345), "PSUTIL_EUNKNOWN") == 0);
}

TEST(is_gone_means_no_such_process_or_zombie)
{
    for (size_t i = 0; i < NCODES; i++)
        CHECK(psutil_is_gone(all_codes[i]) ==
              (all_codes[i] == PSUTIL_ENOSUCHPROC || all_codes[i] == PSUTIL_EZOMBIE));
}

TEST(last_error_records_failures_and_survives_successes)
{
    psutil_error_info_t e;
    psutil_virtual_memory_t vm;
    CHECK_RC(psutil_last_error(NULL), PSUTIL_EINVAL);
    psutil_clear_error();
    CHECK_OK(psutil_last_error(&e));
    CHECK(e.code == 0 && e.os_errno == 0 && e.path[0] == '\0');
    CHECK_RC(psutil_set_root(PSUTIL_ROOT_PROC, "/nonexistent/x"), PSUTIL_EINVAL);
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_OK(psutil_last_error(&e));
    CHECK(e.code == PSUTIL_EINVAL && e.os_errno == ENOENT);
    CHECK(strcmp(e.path, "/nonexistent/x") == 0);
}

/* The record is the failure the call returned: opening a pid that does not exist on a
 * root without sys/kernel/pid_max (a capture, a container's partial procfs) reads that
 * limit as a fallback, and its own miss must not replace the open's ENOSUCHPROC and the
 * pid's path (it did: the record said PSUTIL_EOS, pid_max). */
TEST(the_record_is_the_returned_failure_not_a_fallbacks)
{
    psutil_error_info_t e;
    psutil_proc_t *p;
    use_roots("abi/proc", NULL, NULL);
    CHECK_RC(psutil_proc_open(999, &p), PSUTIL_ENOSUCHPROC);
    CHECK_OK(psutil_last_error(&e));
    CHECK_MSG(e.code == PSUTIL_ENOSUCHPROC && e.os_errno == ENOENT, "%s (%d): %s %s",
              psutil_err_name(e.code), e.os_errno, e.path, e.detail);
    size_t n = strlen(e.path);
    CHECK_MSG(n >= 12 && strcmp(e.path + n - 12, "abi/proc/999") == 0, "path %s", e.path);
}

static void *other_thread(void *arg)
{
    psutil_error_info_t *e = arg;
    psutil_last_error(e);
    return NULL;
}

TEST(last_error_is_per_thread)
{
    pthread_t t;
    psutil_error_info_t mine, theirs;
    CHECK_RC(psutil_cpu_times(NULL), PSUTIL_EINVAL);
    CHECK(pthread_create(&t, NULL, other_thread, &theirs) == 0);
    pthread_join(t, NULL);
    CHECK(theirs.code == 0);
    CHECK_OK(psutil_last_error(&mine));
    CHECK(mine.code == PSUTIL_EINVAL);
}

TEST(version_string_matches_the_macros)
{
    char want[64];
    snprintf(want, sizeof(want), "%d.%d.%d", PSUTIL_VERSION_MAJOR, PSUTIL_VERSION_MINOR,
             PSUTIL_VERSION_PATCH);
    CHECK(strcmp(psutil_version(), want) == 0);
    CHECK(strcmp(PSUTIL_VERSION_STRING, want) == 0);
    CHECK(PSUTIL_VERSION_NUMBER ==
          PSUTIL_VERSION_MAJOR * 10000 + PSUTIL_VERSION_MINOR * 100 + PSUTIL_VERSION_PATCH);
}

/* Windows services exist only on Windows: the Linux library says so, and checks its
 * arguments first. */
TEST(windows_services_are_not_supported_here)
{
    psutil_win_service_t *s = NULL;
    size_t n = 7;
    CHECK_RC(psutil_win_services(&s, &n), PSUTIL_ENOTSUP);
    CHECK(s == NULL && n == 7);
    CHECK_RC(psutil_win_service_get("sshd", &s), PSUTIL_ENOTSUP);
    CHECK_RC(psutil_win_service_get(NULL, &s), PSUTIL_EINVAL);
    CHECK_RC((psutil_win_services)(&s, &n, 3), PSUTIL_EINVAL);
}
