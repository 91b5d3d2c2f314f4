/** The pinned source of the corpus. Changing these means regenerating data/manifest.json. */
export const REPOSITORY = "gveres/donateacry-corpus";
export const COMMIT = "6baf5aca0460964ad072653585837f968a87c2af";
export const ARCHIVE_URL = `https://codeload.github.com/${REPOSITORY}/tar.gz/${COMMIT}`;
