"""The orgs app's pages, one module per topic: orgs (the list, the tree, an organization, its
positions, findings, schools) and shell (the top bar's organization switcher and global search,
under the core URL namespace)."""
