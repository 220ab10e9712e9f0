/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_who.c - `psutil who`: logged-in users like who(1) (name, line, login time,
 * (host)), or a JSON array with --json.
 */
#include <string.h>
#include <time.h>

#include "cli.h"

#define WHO_USAGE "psutil who [--json]"

int cmd_who(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("Usage: " WHO_USAGE "\n\nLogged-in users, from utmp or systemd-logind.\n");
            return CLI_OK;
        } else {
            return cli_usage_error("who", WHO_USAGE, "unknown option '%s'", argv[i]);
        }
    }
    psutil_user_t *u;
    size_t n;
    int rc = psutil_users(&u, &n);
    if (rc != 0)
        return cli_fail("users", rc);
    cli_json j;
    if (json) {
        json_init(&j, stdout);
        json_array_begin(&j, NULL);
    }
    for (size_t i = 0; i < n; i++) {
        if (json) {
            json_object_begin(&j, NULL);
            json_string(&j, "name", u[i].name);
            /* psutil: None for no terminal, no host or an unknown pid. */
            if (u[i].terminal[0])
                json_string(&j, "terminal", u[i].terminal);
            else
                json_null(&j, "terminal");
            if (u[i].host[0])
                json_string(&j, "host", u[i].host);
            else
                json_null(&j, "host");
            json_round(&j, "started", u[i].started, 0);
            if (u[i].pid >= 0)
                json_i64(&j, "pid", u[i].pid);
            else
                json_null(&j, "pid");
            json_object_end(&j);
            continue;
        }
        char when[32];
        time_t t = (time_t)u[i].started;
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
        printf("%-8s %-12s %s", cli_safe(u[i].name), cli_safe(u[i].terminal), when);
        if (u[i].host[0])
            printf(" (%s)", cli_safe(u[i].host));
        printf("\n");
    }
    if (json) {
        json_array_end(&j);
        json_finish(&j);
    }
    psutil_free(u);
    return CLI_OK;
}
