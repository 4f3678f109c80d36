/** Seed 004's failure table lives in lib/diagnostics (the topology draws it too); the pages import it from here. */
export * from '@/lib/diagnostics/failure-table';
