package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/mosaichq/mosaic/internal/server"
)

func init() {
	register(&command{
		name:    "users",
		summary: "manage API users: add (prints the token), list",
		usage:   "add NAME --auths A,B --role analyst|supervisor|admin | list",
		help: `  mosaic users add alice --auths POLICE,NL --role analyst
      creates a user and prints their API token as the last line. The token is
      shown once and stored only as a hash.
  mosaic users list
      lists users, roles and authorisations (never tokens).`,
		run: runUsers,
	})
}

func runUsers(ctx context.Context, e *env, args []string) error {
	c := commands["users"]
	if len(args) == 0 {
		return usagef("give a subcommand: add or list")
	}
	sub := args[0]
	fs := newFlags(e, c)
	sf := addStoreFlags(fs)
	auths := fs.String("auths", "", "comma-separated authorisations of the user")
	role := fs.String("role", server.RoleAnalyst, "analyst, supervisor or admin")
	rest, err := parseFlags(e, c, fs, args[1:])
	if err != nil {
		return err
	}
	b, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	switch sub {
	case "add":
		if len(rest) != 1 {
			return usagef("users add takes one NAME")
		}
		var list []string
		for _, a := range strings.Split(*auths, ",") {
			if a = strings.TrimSpace(a); a != "" {
				list = append(list, a)
			}
		}
		token, err := server.AddUser(ctx, b, rest[0], *role, list)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "user %s (%s) may see: %s\nAPI token (shown once; send it as Authorization: Bearer TOKEN):\n%s\n",
			rest[0], *role, strings.Join(list, ","), token)
		return nil
	case "list":
		users, err := server.ListUsers(ctx, b)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%-20s %-11s %s\n", "user", "role", "authorisations")
		for _, u := range users {
			fmt.Fprintf(e.stdout, "%-20s %-11s %s\n", u.Name, u.Role, strings.Join(u.Auths, ","))
		}
		return nil
	}
	return usagef("unknown users subcommand %q", sub)
}
