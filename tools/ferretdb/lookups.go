package main

// FerretDB v1.24.2 pushes a filter of exactly {_id: <string or ObjectId>} down to SQLite as
// `WHERE _ferretdb_sjson->'$._id' = ?`, but indexes each collection's _id on the expression
// `_ferretdb_sjson->"_id"`. SQLite matches index expressions by their form, not their
// meaning, so every _id lookup scans the whole table: 0.2 s on a 120 MB collection of
// market roll-ups, where the index answers in microseconds. Until upstream changes, this
// goroutine adds an index on the exact expression of the query to every collection table.
// SQLite drops it with its table; FerretDB never lists or touches indexes it did not make.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver FerretDB itself uses
)

const (
	lookupIndexSuffix = "__id_lookup"
	lookupScanEvery   = 2 * time.Second
)

// indexIDLookups adds the lookup index to new collections until ctx ends.
func indexIDLookups(ctx context.Context, dataDir string, logger *slog.Logger) {
	ticker := time.NewTicker(lookupScanEvery)
	defer ticker.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
		for _, file := range files {
			if err := indexDatabase(ctx, file); err != nil && ctx.Err() == nil {
				// A database dropped or busy between two scans is retried on the next one.
				logger.Debug("id lookup index", slog.String("file", file), slog.Any("error", err))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func indexDatabase(ctx context.Context, file string) error {
	// mode=rw: never create a database file FerretDB has just dropped.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	missing, err := tablesWithoutLookupIndex(ctx, db)
	if err != nil {
		return err
	}
	for _, table := range missing {
		quoted := `"` + strings.ReplaceAll(table, `"`, `""`) + `"`
		index := `"` + strings.ReplaceAll(table+lookupIndexSuffix, `"`, `""`) + `"`
		stmt := fmt.Sprintf(
			"CREATE INDEX IF NOT EXISTS %s ON %s (_ferretdb_sjson->'$._id')", index, quoted,
		)
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

func tablesWithoutLookupIndex(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `
		SELECT c.table_name FROM _ferretdb_collections c
		WHERE EXISTS (SELECT 1 FROM sqlite_master t WHERE t.type = 'table' AND t.name = c.table_name)
		  AND NOT EXISTS (
			SELECT 1 FROM sqlite_master i
			WHERE i.type = 'index' AND i.name = c.table_name || ?)`, lookupIndexSuffix)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		tables = append(tables, name)
	}
	return tables, rows.Err()
}
