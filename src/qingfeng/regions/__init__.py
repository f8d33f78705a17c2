"""The region tree (province, city, county, township, village) and the units that hold jurisdiction."""
