/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_sensors.c - temperatures, fans and battery on fixture sysfs trees (this machine
 * has none): a laptop with several hwmon layouts (named, unnamed, the old device/
 * layout, hwmon10 after hwmon4, a negative and a malformed reading), a machine with
 * only thermal zones, and batteries discharging, charging, full, on AC, unknown, with
 * time_to_empty, with zero power draw, named unusually, absent, and without a level.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TEST(hwmon_temperatures_in_sysfs_order)
{
    psutil_temperature_t *t;
    size_t n;
    use_roots(NULL, "sensors/laptop/sys", NULL);
    CHECK_OK(psutil_sensors_temperatures(&t, &n));
    /* acpitz, coretemp x3 (the malformed 4th skipped), it87 (device/), nvme x2; the
     * nameless hwmon3 is skipped as psutil does. */
    CHECK_EQ_U64(n, 7);
    CHECK(strcmp(t[0].chip, "acpitz") == 0 && strcmp(t[0].label, "") == 0);
    CHECK_NEAR(t[0].current, 45.0, 1e-9);
    CHECK(isnan(t[0].high));
    CHECK_NEAR(t[0].critical, 98.0, 1e-9);
    CHECK(strcmp(t[1].chip, "coretemp") == 0 && strcmp(t[1].label, "Package id 0") == 0);
    CHECK_NEAR(t[1].current, 52.0, 1e-9);
    CHECK_NEAR(t[1].high, 80.0, 1e-9);
    CHECK_NEAR(t[1].critical, 100.0, 1e-9);
    CHECK(strcmp(t[3].label, "Core 1") == 0);
    CHECK(strcmp(t[4].chip, "it87") == 0);
    CHECK_NEAR(t[4].current, 30.0, 1e-9);
    CHECK(strcmp(t[5].chip, "nvme") == 0 && strcmp(t[5].label, "Composite") == 0);
    CHECK(isnan(t[5].critical));
    CHECK(strcmp(t[6].label, "Outside") == 0);
    CHECK_NEAR(t[6].current, -5.5, 1e-9);
    psutil_free(t);
}

TEST(fans_from_hwmon)
{
    psutil_fan_t *f;
    size_t n;
    use_roots(NULL, "sensors/laptop/sys", NULL);
    CHECK_OK(psutil_sensors_fans(&f, &n));
    CHECK_EQ_U64(n, 3);
    CHECK(strcmp(f[0].chip, "thinkpad") == 0 && strcmp(f[0].label, "") == 0 && f[0].rpm == 2100);
    CHECK(strcmp(f[1].label, "GPU fan") == 0 && f[1].rpm == 0);
    CHECK(strcmp(f[2].chip, "it87") == 0 && strcmp(f[2].label, "CPU fan") == 0);
    CHECK(f[2].rpm == 1500);
    psutil_free(f);
}

TEST(thermal_zones_when_hwmon_has_no_temperature)
{
    psutil_temperature_t *t;
    psutil_fan_t *f;
    size_t n;
    use_roots(NULL, "sensors/thermal-only/sys", NULL);
    CHECK_OK(psutil_sensors_temperatures(&t, &n));
    CHECK_EQ_U64(n, 2); /* zone2's "n/a" is skipped */
    CHECK(strcmp(t[0].chip, "x86_pkg_temp") == 0);
    CHECK_NEAR(t[0].current, 48.0, 1e-9);
    CHECK_NEAR(t[0].high, 95.0, 1e-9);      /* trip point of type "high" */
    CHECK_NEAR(t[0].critical, 105.0, 1e-9); /* "passive" is neither */
    CHECK(strcmp(t[1].chip, "acpitz") == 0 && isnan(t[1].high) && isnan(t[1].critical));
    psutil_free(t);
    CHECK_OK(psutil_sensors_fans(&f, &n));
    CHECK(n == 0);
    psutil_free(f);
}

TEST(no_sensors_is_an_empty_list)
{
    psutil_temperature_t *t;
    psutil_fan_t *f;
    psutil_battery_t b = {.percent = -1};
    size_t n = 9;
    use_roots(NULL, "sensors/empty/sys", NULL);
    CHECK_OK(psutil_sensors_temperatures(&t, &n));
    CHECK(n == 0);
    psutil_free(t);
    CHECK_OK(psutil_sensors_fans(&f, &n));
    CHECK(n == 0);
    psutil_free(f);
    CHECK_RC(psutil_sensors_battery(&b), PSUTIL_ENOTSUP);
    CHECK(b.percent == -1);
}

static psutil_battery_t battery(const char *tree)
{
    psutil_battery_t b;
    char sys[256];
    snprintf(sys, sizeof(sys), "%s/sys", tree);
    use_roots(NULL, sys, NULL);
    CHECK_OK(psutil_sensors_battery(&b));
    return b;
}

TEST(battery_states)
{
    /* Discharging, energy in µWh: 30/40 = 75 %; 30 Wh at 10 W = 3 h. AC offline. */
    psutil_battery_t b = battery("sensors/laptop");
    CHECK_NEAR(b.percent, 75.0, 1e-9);
    CHECK(b.power_plugged == 0);
    CHECK_NEAR(b.secsleft, 3 * 3600.0, 1e-6);
    /* Charging, charge in µAh, no AC supply: plugged from the status. */
    b = battery("sensors/thermal-only");
    CHECK_NEAR(b.percent, 50.0, 1e-9);
    CHECK(b.power_plugged == 1 && b.secsleft == PSUTIL_POWER_TIME_UNLIMITED);
    /* Full, capacity only. */
    b = battery("sensors/bat-full");
    CHECK_NEAR(b.percent, 100.0, 1e-9);
    CHECK(b.power_plugged == 1 && b.secsleft == PSUTIL_POWER_TIME_UNLIMITED);
    /* AC0 online wins over a "Discharging" status. */
    b = battery("sensors/bat-ac-online");
    CHECK(b.power_plugged == 1 && b.secsleft == PSUTIL_POWER_TIME_UNLIMITED);
    CHECK_NEAR(b.percent, 80.0, 1e-9);
    /* Status "Unknown" and no AC: unknown, and so is the time left. */
    b = battery("sensors/bat-unknown");
    CHECK(b.power_plugged == -1 && b.secsleft == PSUTIL_POWER_TIME_UNKNOWN);
    CHECK_NEAR(b.percent, 50.0, 1e-9);
    /* time_to_empty_now is in seconds (sysfs-class-power). */
    b = battery("sensors/bat-time-to-empty");
    CHECK(b.power_plugged == 0);
    CHECK_NEAR(b.secsleft, 3600.0, 1e-9);
    /* No power draw: the time left cannot be told. */
    b = battery("sensors/bat-power-zero");
    CHECK(b.secsleft == PSUTIL_POWER_TIME_UNKNOWN);
    CHECK_NEAR(b.percent, 50.0, 1e-9);
    /* A battery named CMB0 found by its type; a "Mains" supply named ADP1 offline. */
    b = battery("sensors/bat-named-cmb");
    CHECK_NEAR(b.percent, 33.0, 1e-9);
    CHECK(b.power_plugged == 0);
}

TEST(no_battery_or_no_level_is_not_supported)
{
    psutil_battery_t b = {.percent = -1};
    use_roots(NULL, "sensors/bat-none/sys", NULL);
    CHECK_RC(psutil_sensors_battery(&b), PSUTIL_ENOTSUP);
    use_roots(NULL, "sensors/bat-no-level/sys", NULL);
    CHECK_RC(psutil_sensors_battery(&b), PSUTIL_ENOTSUP);
    CHECK(b.percent == -1);
    CHECK_RC(psutil_sensors_battery(NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_sensors_temperatures(NULL, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_sensors_fans(NULL, NULL), PSUTIL_EINVAL);
}

TEST(this_machine_agrees_with_psutil)
{
    psutil_temperature_t *t;
    psutil_fan_t *f;
    psutil_battery_t b;
    size_t nt, nf;
    CHECK_OK(psutil_sensors_temperatures(&t, &nt));
    CHECK_OK(psutil_sensors_fans(&f, &nf));
    int rc = psutil_sensors_battery(&b);
    oracle *o =
        oracle_start("print('nt', sum(len(v) for v in psutil.sensors_temperatures().values()))\n"
                     "print('nf', sum(len(v) for v in psutil.sensors_fans().values()))\n"
                     "print('bat', 0 if psutil.sensors_battery() is None else 1)");
    CHECK_EQ_U64(nt, (size_t)oracle_get(o, "nt"));
    CHECK_EQ_U64(nf, (size_t)oracle_get(o, "nf"));
    CHECK((rc == 0) == (oracle_get(o, "bat") == 1));
    oracle_finish(o);
    psutil_free(t);
    psutil_free(f);
}

/* Thermal zones in zone order whatever hwmon has (0 and 2; a negative reading kept; a
 * critical trip point read), cooling devices in numeric order (10 after 4) with a
 * device whose state is not a number and one without max_state left out. */
TEST(thermal_zones_and_cooling_devices_from_fixtures)
{
    psutil_temperature_t *z;
    psutil_cooling_device_t *c;
    size_t n;
    use_roots(NULL, "serve/sysfs", NULL);
    CHECK_OK(psutil_sensors_thermal_zones(&z, &n));
    CHECK_EQ_U64(n, 2);
    CHECK(n == 2 && z[0].index == 0 && strcmp(z[0].chip, "x86_pkg_temp") == 0 &&
          z[0].current == 47.0 && strcmp(z[0].hwmon, "thermal_zone0") == 0 && z[1].index == 2 &&
          strcmp(z[1].chip, "acpitz") == 0 && fabs(z[1].current - 27.8) < 1e-9);
    psutil_free(z);
    CHECK_OK(psutil_sensors_cooling_devices(&c, &n));
    CHECK(n == 2 && c[0].index == 0 && strcmp(c[0].type, "Processor") == 0 && c[0].cur_state == 3 &&
          c[0].max_state == 10 && c[1].index == 3 && strcmp(c[1].type, "intel_powerclamp") == 0 &&
          c[1].cur_state == 1 && c[1].max_state == 50);
    psutil_free(c);
    use_roots(NULL, "wild/cooling-odd", NULL);
    CHECK_OK(psutil_sensors_cooling_devices(&c, &n));
    CHECK_EQ_U64(n, 2);
    CHECK(n == 2 && c[0].index == 1 && strcmp(c[0].type, "Fan") == 0 && c[0].cur_state == 2 &&
          c[0].max_state == 7 && c[1].index == 10 && strcmp(c[1].type, "thermal-cpufreq-0") == 0 &&
          c[1].cur_state == 6 && c[1].max_state == 11);
    psutil_free(c);
    CHECK_OK(psutil_sensors_thermal_zones(&z, &n));
    CHECK(n == 1 && z[0].current == -12.5 && z[0].critical == 105.0 && isnan(z[0].high));
    psutil_free(z);
}

/* Live: as many zones and cooling devices as sysfs lists with their files readable. */
TEST(thermal_zones_and_cooling_devices_match_sysfs)
{
    size_t zones = 0, devs = 0, n;
    char path[512];
    for (int i = 0; i < 256; i++) {
        snprintf(path, sizeof(path), "/sys/class/thermal/thermal_zone%d/temp", i);
        char *t = slurp(path, NULL);
        zones += t != NULL && t[0] != '\0';
        free(t);
        snprintf(path, sizeof(path), "/sys/class/thermal/cooling_device%d/max_state", i);
        t = slurp(path, NULL);
        devs += t != NULL;
        free(t);
    }
    psutil_temperature_t *z;
    psutil_cooling_device_t *c;
    CHECK_OK(psutil_sensors_thermal_zones(&z, &n));
    CHECK_EQ_U64(n, zones);
    psutil_free(z);
    CHECK_OK(psutil_sensors_cooling_devices(&c, &n));
    CHECK_EQ_U64(n, devs);
    psutil_free(c);
}
