/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_sensors.c - `psutil sensors`: temperatures grouped by chip, fans and the battery,
 * like psutil's sensors.py, or one JSON object with --json.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

#define SENSORS_USAGE "psutil sensors [-f] [--json]"

/* -f: degrees Fahrenheit, as lm-sensors' sensors -f and psutil's fahrenheit=True. */
static int fahrenheit;

static double degrees(double celsius)
{
    return fahrenheit ? celsius * 9.0 / 5.0 + 32.0 : celsius;
}

static void print_limit(const char *what, double v, int *first)
{
    if (isnan(v))
        return;
    printf("%s%s = %.1f°%c", *first ? " (" : ", ", what, degrees(v), fahrenheit ? 'F' : 'C');
    *first = 0;
}

static void format_secs(char *buf, size_t size, double s)
{
    if (s == PSUTIL_POWER_TIME_UNLIMITED)
        snprintf(buf, size, "unlimited (plugged in)");
    else if (s == PSUTIL_POWER_TIME_UNKNOWN || s < 0)
        snprintf(buf, size, "unknown");
    else
        snprintf(buf, size, "%d:%02d:%02d", (int)(s / 3600), (int)fmod(s / 60, 60),
                 (int)fmod(s, 60));
}

int cmd_sensors(int argc, char **argv)
{
    int json = 0, rc;
    fahrenheit = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--fahrenheit") == 0) {
            fahrenheit = 1;
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("Usage: " SENSORS_USAGE "\n\nTemperatures, fans and battery.\n\n"
                   "  -f, --fahrenheit  temperatures in degrees Fahrenheit\n");
            return CLI_OK;
        } else {
            return cli_usage_error("sensors", SENSORS_USAGE, "unknown option '%s'", argv[i]);
        }
    }
    psutil_temperature_t *t;
    psutil_fan_t *f;
    psutil_battery_t bat;
    size_t nt, nf;
    /* An OS without temperature or fan readings (Windows) shows none, as psutil's
     * empty dicts. */
    if ((rc = psutil_sensors_temperatures(&t, &nt)) == PSUTIL_ENOTSUP) {
        t = NULL;
        nt = 0;
    } else if (rc != 0) {
        return cli_fail("temperatures", rc);
    }
    if ((rc = psutil_sensors_fans(&f, &nf)) == PSUTIL_ENOTSUP) {
        f = NULL;
        nf = 0;
    } else if (rc != 0) {
        psutil_free(t);
        return cli_fail("fans", rc);
    }
    rc = psutil_sensors_battery(&bat);
    int have_bat = rc == 0;
    if (rc != 0 && rc != PSUTIL_ENOTSUP) {
        psutil_free(t);
        psutil_free(f);
        return cli_fail("battery", rc);
    }
    if (json) {
        cli_json j;
        json_init(&j, stdout);
        json_object_begin(&j, NULL);
        json_array_begin(&j, "temperatures");
        for (size_t i = 0; i < nt; i++) {
            json_object_begin(&j, NULL);
            json_string(&j, "chip", t[i].chip);
            json_string(&j, "label", t[i].label);
            json_round(&j, "current", degrees(t[i].current), 2);
            json_string(&j, "hwmon", t[i].hwmon);
            json_string(&j, "device", t[i].device);
            json_i64(&j, "index", t[i].index);
            json_round(&j, "high", degrees(t[i].high), 2); /* NaN prints as null */
            json_round(&j, "critical", degrees(t[i].critical), 2);
            json_object_end(&j);
        }
        json_array_end(&j);
        json_array_begin(&j, "fans");
        for (size_t i = 0; i < nf; i++) {
            json_object_begin(&j, NULL);
            json_string(&j, "chip", f[i].chip);
            json_string(&j, "label", f[i].label);
            json_u64(&j, "current", f[i].rpm); /* psutil's name for the RPM */
            json_string(&j, "hwmon", f[i].hwmon);
            json_string(&j, "device", f[i].device);
            json_i64(&j, "index", f[i].index);
            json_object_end(&j);
        }
        json_array_end(&j);
        if (have_bat) {
            json_object_begin(&j, "battery");
            json_round(&j, "percent", bat.percent, 1);
            /* Seconds left, or null when unknown or unlimited (on AC power: power_plugged
             * says which); power_plugged true, false or null (unknown), as psutil. */
            if (bat.secsleft >= 0)
                json_round(&j, "secsleft", bat.secsleft, 0);
            else
                json_null(&j, "secsleft");
            if (bat.power_plugged < 0)
                json_null(&j, "power_plugged");
            else
                json_bool(&j, "power_plugged", bat.power_plugged);
            json_object_end(&j);
        } else {
            json_null(&j, "battery");
        }
        json_object_end(&j);
        json_finish(&j);
    } else {
        const char *chip = NULL;
        if (nt == 0)
            printf("Temperatures: none found\n");
        for (size_t i = 0; i < nt; i++) {
            if (!chip || strcmp(chip, t[i].chip) != 0) {
                chip = t[i].chip;
                printf("%s\n", cli_safe(chip));
            }
            int first = 1;
            printf("    %-20s %6.1f°%c", cli_safe(t[i].label[0] ? t[i].label : chip),
                   degrees(t[i].current), fahrenheit ? 'F' : 'C');
            print_limit("high", t[i].high, &first);
            print_limit("critical", t[i].critical, &first);
            printf("%s\n", first ? "" : ")");
        }
        printf("Fans:%s\n", nf ? "" : " none found");
        for (size_t i = 0; i < nf; i++)
            printf("    %-12s %-12s %llu RPM\n", cli_safe(f[i].chip),
                   cli_safe(f[i].label[0] ? f[i].label : "-"), (unsigned long long)f[i].rpm);
        if (have_bat) {
            char left[64];
            format_secs(left, sizeof(left), bat.secsleft);
            printf("Battery:\n    charge %.1f%%, %s, left %s\n", bat.percent,
                   bat.power_plugged == 1   ? "plugged in"
                   : bat.power_plugged == 0 ? "discharging"
                                            : "power source unknown",
                   left);
        } else {
            printf("Battery: none\n");
        }
    }
    psutil_free(t);
    psutil_free(f);
    return CLI_OK;
}
