package main

// The developer commands: from a new project to a release and its logs,
// against a souk server's JSON API.
func init() {
	rootCmd.AddCommand(
		newLoginCommand(), newWhoamiCommand(), newLogoutCommand(), newOrgCommand(),
		newInitCommand(),
		newPublishCommand(), newVersionsCommand(), newReleaseCommand(), newRollbackCommand(), newStatusCommand(),
		newLogsCommand(), newReplayCommand(),
	)
}
