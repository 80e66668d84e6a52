"""Crawl state that outlives a process: resumable jobs and incremental re-crawls."""
