/* A launcher's half of xdg-activation (staging protocol xdg-activation-v1), for the wayland tests.
 *
 *   xdg_activation_token [--app-id ID] [COMMAND ARG...]
 *
 * Asks the compositor for an activation token, as a desktop launcher or a notification daemon does
 * when the user clicks it, and prints it; with a COMMAND, runs it with the token in
 * XDG_ACTIVATION_TOKEN (and DESKTOP_STARTUP_ID), as a launcher starts an application. Exit 2 when the
 * compositor offers no xdg_activation_v1 or gives no token. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wayland-client.h>

#include "xdg-activation-v1-client-protocol.h"

static struct xdg_activation_v1 *activation;
static char *token;

static void global(void *data, struct wl_registry *registry, uint32_t name, const char *interface, uint32_t version)
{
    (void)data;
    (void)version;
    if (strcmp(interface, xdg_activation_v1_interface.name) == 0)
        activation = wl_registry_bind(registry, name, &xdg_activation_v1_interface, 1);
}

static void global_remove(void *data, struct wl_registry *registry, uint32_t name)
{
    (void)data;
    (void)registry;
    (void)name;
}

static const struct wl_registry_listener registry_listener = {global, global_remove};

static void done(void *data, struct xdg_activation_token_v1 *object, const char *value)
{
    (void)data;
    (void)object;
    token = strdup(value);
}

static const struct xdg_activation_token_v1_listener token_listener = {done};

int main(int argc, char **argv)
{
    const char *app_id = NULL;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--app-id") == 0) {
        app_id = argv[2];
        first = 3;
    }
    struct wl_display *display = wl_display_connect(NULL);
    if (!display) {
        fprintf(stderr, "xdg_activation_token: no Wayland display (WAYLAND_DISPLAY)\n");
        return 2;
    }
    struct wl_registry *registry = wl_display_get_registry(display);
    wl_registry_add_listener(registry, &registry_listener, NULL);
    wl_display_roundtrip(display);
    if (!activation) {
        fprintf(stderr, "xdg_activation_token: the compositor offers no xdg_activation_v1\n");
        return 2;
    }
    struct xdg_activation_token_v1 *request = xdg_activation_v1_get_activation_token(activation);
    xdg_activation_token_v1_add_listener(request, &token_listener, NULL);
    if (app_id)
        xdg_activation_token_v1_set_app_id(request, app_id);
    xdg_activation_token_v1_commit(request);
    while (!token && wl_display_dispatch(display) != -1) {
    }
    if (!token) {
        fprintf(stderr, "xdg_activation_token: no token from the compositor\n");
        return 2;
    }
    xdg_activation_token_v1_destroy(request);
    wl_display_disconnect(display);
    if (first >= argc) {
        printf("%s\n", token);
        return 0;
    }
    setenv("XDG_ACTIVATION_TOKEN", token, 1);
    setenv("DESKTOP_STARTUP_ID", token, 1);
    execvp(argv[first], argv + first);
    perror("xdg_activation_token: exec");
    return 127;
}
