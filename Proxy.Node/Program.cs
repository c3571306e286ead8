// Temporary: the Web SDK needs an entry point to build the node and its tests.
// The real composition root is being written on another branch and replaces this file.
return 0;
