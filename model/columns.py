"""Column names used across the project, in one place.

Every table in a data package and every DataFrame passed between modules uses these names.
"""

AREA_ID = "area_id"
NAME = "name"
LEVEL = "level"
PARENT_ID = "parent_id"
GEOMETRY = "geometry"

YEAR = "year"
INDICATOR = "indicator"
VALUE = "value"
NUMERATOR = "numerator"
DENOMINATOR = "denominator"
SUPPRESSED = "suppressed"

AGE_GROUP = "age_group"
POPULATION = "population"

CLASSIFICATION = "classification"
CATEGORY = "category"

#: Columns of the tidy indicator table, in file order.
INDICATOR_TABLE_COLUMNS = (AREA_ID, LEVEL, YEAR, INDICATOR, VALUE, NUMERATOR, DENOMINATOR, SUPPRESSED)
#: Columns of the population table, in file order.
POPULATION_TABLE_COLUMNS = (AREA_ID, LEVEL, YEAR, AGE_GROUP, POPULATION)
#: Columns of the tidy classification table (categorical references per area), in file order.
CLASSIFICATION_TABLE_COLUMNS = (CLASSIFICATION, AREA_ID, LEVEL, YEAR, CATEGORY)
#: Attribute columns of every area layer, in file order (geometry last).
AREA_COLUMNS = (AREA_ID, NAME, LEVEL, PARENT_ID)

#: Age groups every package carries. The youth band is the package's own (16-24 or the nearest
#: band its source publishes, e.g. 15-24); the manifest names it.
AGE_TOTAL = "total"
AGE_CHILDREN = "0-19"


# Columns of an evaluated scenario (indicators.index, services.scenario) that geo also reads.
SCORE = "score"
CONTRIBUTION_PREFIX = "contribution_"
SELECTED = "selected"
