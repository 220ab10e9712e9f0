/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_users.c - users from a utmp file the test writes (compared with who(1) reading
 * the same file) and from systemd-logind session files on fixtures.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

#include "harness.h"

static void put(FILE *f, short type, const char *user, const char *line, const char *host, long sec,
                int pid)
{
    struct utmp u;
    memset(&u, 0, sizeof(u));
    u.ut_type = type;
    u.ut_pid = pid;
    strncpy(u.ut_user, user, sizeof(u.ut_user));
    strncpy(u.ut_line, line, sizeof(u.ut_line));
    strncpy(u.ut_id, line + (strlen(line) > 4 ? strlen(line) - 4 : 0), sizeof(u.ut_id));
    strncpy(u.ut_host, host, sizeof(u.ut_host));
    u.ut_tv.tv_sec = (int32_t)sec;
    u.ut_tv.tv_usec = pid * 10; /* a fraction of a second unlike any other figure */
    CHECK(fwrite(&u, sizeof(u), 1, f) == 1);
}

/* A run root with a utmp holding three logins and records that are not logins. */
static char *utmp_tree(void)
{
    static char dir[64];
    char path[128];
    strcpy(dir, "/tmp/psutil-run-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/utmp", dir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    put(f, BOOT_TIME, "reboot", "~", "6.1.0", 1795390000, 0);
    put(f, RUN_LVL, "runlevel", "~", "", 1795390001, 0);
    put(f, LOGIN_PROCESS, "LOGIN", "tty2", "", 1795390002, 612);
    put(f, USER_PROCESS, "alice", "pts/7", "192.0.2.10", 1795400000, 4321);
    put(f, USER_PROCESS, "bob", "tty1", "", 1795400100, 700);
    put(f, DEAD_PROCESS, "", "pts/3", "", 1795400150, 999);
    put(f, USER_PROCESS, "carol", "pts/8", ":0", 1795400200, 4400);
    fclose(f);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_RUN, dir));
    return dir;
}

TEST(utmp_logins_match_who)
{
    char *dir = utmp_tree(), cmd[256], *out;
    psutil_user_t *u;
    size_t n;
    CHECK_OK(psutil_users(&u, &n));
    CHECK_EQ_U64(n, 3);
    CHECK(strcmp(u[0].name, "alice") == 0 && strcmp(u[0].terminal, "pts/7") == 0);
    CHECK(strcmp(u[0].host, "192.0.2.10") == 0 && u[0].pid == 4321);
    CHECK_NEAR(u[0].started, 1795400000.04321, 1e-6); /* seconds + microseconds */
    CHECK_NEAR(u[1].started, 1795400100.007, 1e-6);
    CHECK(strcmp(u[1].name, "bob") == 0 && strcmp(u[1].host, "") == 0);
    CHECK(strcmp(u[2].host, "localhost") == 0); /* ":0" */
    /* who(1) reading the same file: NAME LINE DATE TIME [(HOST)] per login. */
    snprintf(cmd, sizeof(cmd), "TZ=UTC who %s/utmp", dir);
    CHECK(run(cmd, &out) == 0);
    char *save = NULL, *line = strtok_r(out, "\n", &save);
    for (size_t i = 0; i < n; i++, line = strtok_r(NULL, "\n", &save)) {
        char name[64], tty[64], date[32], hm[16], host[128] = "";
        CHECK_MSG(line != NULL, "who lists fewer than %zu", n);
        int got = sscanf(line, "%63s %63s %31s %15s %127s", name, tty, date, hm, host);
        CHECK(got >= 4);
        CHECK_MSG(strcmp(name, u[i].name) == 0, "%s vs %s", name, u[i].name);
        CHECK(strcmp(tty, u[i].terminal) == 0);
        char when[64];
        time_t t = (time_t)u[i].started;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
        char theirs[64];
        snprintf(theirs, sizeof(theirs), "%s %s", date, hm);
        CHECK_MSG(strcmp(when, theirs) == 0, "%s vs %s", when, theirs);
        /* who prints the raw host; psutil's rule maps ":0" to localhost. */
        if (strcmp(u[i].host, "localhost") != 0 && u[i].host[0]) {
            char paren[140];
            snprintf(paren, sizeof(paren), "(%s)", u[i].host);
            CHECK(strcmp(host, paren) == 0);
        }
    }
    CHECK_MSG(line == NULL, "who lists more: %s", line);
    free(out);
    psutil_free(u);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd, NULL);
}

TEST(truncated_utmp_is_a_parse_error)
{
    char *dir = utmp_tree(), path[128], cmd[256];
    psutil_user_t *u = NULL;
    size_t n = 5;
    psutil_error_info_t e;
    snprintf(path, sizeof(path), "%s/utmp", dir);
    CHECK(truncate(path, (off_t)(sizeof(struct utmp) * 2 + 100)) == 0);
    CHECK_RC(psutil_users(&u, &n), PSUTIL_EPARSE);
    CHECK(u == NULL && n == 5);
    CHECK_OK(psutil_last_error(&e));
    CHECK(strstr(e.path, "/utmp") != NULL);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd, NULL);
}

TEST(logind_sessions_when_utmp_is_absent)
{
    psutil_user_t *u;
    size_t n;
    char root[1024];
    snprintf(root, sizeof(root), "%s/run", fixture("logind"));
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_RUN, root));
    CHECK_OK(psutil_users(&u, &n));
    /* root (session 1) and alice (3); the greeter and the closing session are not
     * logged-in users; "3.ref" is not a session. Oldest first. */
    CHECK_EQ_U64(n, 2);
    CHECK(strcmp(u[0].name, "root") == 0 && strcmp(u[0].terminal, "tty1") == 0);
    CHECK(strcmp(u[0].host, "") == 0 && u[0].pid == 777);
    CHECK_NEAR(u[0].started, 1795400000.0, 1e-6);
    CHECK(strcmp(u[1].name, "alice") == 0 && strcmp(u[1].terminal, "pts/1") == 0);
    CHECK(strcmp(u[1].host, "192.0.2.7") == 0 && u[1].pid == 4242);
    CHECK_NEAR(u[1].started, 1795401000.123456, 1e-6);
    psutil_free(u);
    snprintf(root, sizeof(root), "%s/run", fixture("logind-bad"));
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_RUN, root));
    CHECK_RC(psutil_users(&u, &n), PSUTIL_EPARSE);
}

TEST(nothing_to_read_means_nobody)
{
    char dir[] = "/tmp/psutil-empty-run-XXXXXX";
    psutil_user_t *u;
    size_t n = 3;
    CHECK(mkdtemp(dir) != NULL);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_RUN, dir));
    CHECK_OK(psutil_users(&u, &n));
    CHECK(n == 0);
    psutil_free(u);
    rmdir(dir);
    CHECK_RC(psutil_users(NULL, &n), PSUTIL_EINVAL);
}

TEST(this_machine_agrees_with_psutil)
{
    psutil_user_t *u;
    size_t n;
    CHECK_OK(psutil_users(&u, &n));
    oracle *o = oracle_start("print('n', len(psutil.users()))");
    CHECK_EQ_U64(n, (size_t)oracle_get(o, "n"));
    oracle_finish(o);
    psutil_free(u);
}
