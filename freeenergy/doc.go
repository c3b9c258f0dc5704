// Package freeenergy estimates free-energy differences from plain samples.
package freeenergy
